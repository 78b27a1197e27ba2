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
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = STACK_FRAMES;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  for (const frame of stack.split("\n").slice(1)) {
    const match = LOCATION.exec(frame.trim());
    if (!match) continue;
    const [, location = "", line, column] = match;
    const file = location.startsWith("file://") ? fileURLToPath(location) : location;
    // node:internal frames, and frames without a file (native code, eval) are no one's code.
    if (!isAbsolute(file) || file.startsWith(TINYORM_DIR) || file.includes(`${sep}node_modules${sep}`)) continue;
    return `${file}:${line}:${column}`;
  }
  return undefined;
}
