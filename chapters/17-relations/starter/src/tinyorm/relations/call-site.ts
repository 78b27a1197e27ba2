// Where the code that called tinyorm is: the first frame of the stack that is not tinyorm's own
// (V8's stack trace API, https://v8.dev/docs/stack-trace-api). A warning that said "in
// relations.ts" would point at the library; the line to change is the caller's loop.
import { isAbsolute, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** tinyorm's own folder (src/tinyorm/): frames inside it are the library's, not the caller's. */
const TINYORM_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Frames kept while looking for the caller: V8 keeps 10 by default, and tinyorm's own can take half of them. */
const STACK_FRAMES = 50;

/** The location at the end of a frame: "    at loop (/app/src/feed.ts:42:18)" or "    at file:///app/src/feed.ts:42:18". */
const LOCATION = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/;

/** "file:line:column" of the innermost caller outside tinyorm, or undefined when none is on the stack. */
export function callSite(): string | undefined {
  // TODO(17): new Error().stack (with Error.stackTraceLimit raised to STACK_FRAMES meanwhile),
  // one frame a line after the first; the first whose location (LOCATION) is an absolute file —
  // a file:// URL made a path — outside TINYORM_DIR and node_modules, as "file:line:column".
  return undefined;
}
