// From the path a client sent to a file the server may read, without ever leaving the root.
//
//   /static/css/site%20v2.css        ──►  <root>/css/site v2.css
//   /static/../../etc/passwd          ──►  400: a dot-segment climbs out
//   /static/%2e%2e/%2e%2e/etc/passwd  ──►  400: the same, percent-encoded
//   /static/..%2F..%2Fetc/passwd      ──►  400: an encoded "/" is data, never a separator
//   /static//etc/passwd               ──►  400: an empty segment (an absolute path after the prefix)
//   /static/a%00.txt                  ──►  400: NUL ends a name in C, and the OS is written in C
//   /static/.env                      ──►  404: hidden files are not published
//   /static/link-to-etc               ──►  404: a symbolic link that leads out of the root
//
// Two defences, each enough alone for what it covers. The first is lexical: the path is split
// at "/" before any decoding (as chapter 05's router does), and every decoded segment must be
// an ordinary name. The second is physical: the file's real path, with every symbolic link
// resolved, must still lie inside the root's real path. Only the second catches a symbolic link,
// and only the first keeps the server from touching files outside the root at all.
import { realpath } from "node:fs/promises";
import { join, sep } from "node:path";
import { HttpError } from "./http-error.ts";

/** Bytes no file name may hold: NUL and the other control characters (C0 and DEL). */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The decoded segments of `encodedTail` (the path after the prefix, still percent-encoded), each
 * a plain file name. A path that could not name a file under the root by accident — dot-segments,
 * encoded separators, NUL, empty segments, bad escapes — is a 400; a hidden name is a 404.
 */
export function fileSegments(encodedTail: string): string[] {
  // TODO(08): split at "/" first, then decode each segment with decodeURIComponent (stage 08.1), and refuse
  // what cannot be a name (stage 08.2): a trailing "/" → 404; a malformed escape, an empty segment, "." or "..",
  // a "/" or "\\" inside a decoded segment, a control character → HttpError 400; a name starting with "." → 404.
  throw new Error(`TODO(08): fileSegments is not implemented (${encodedTail})`);
}

/**
 * The real path of the file that `segments` name under `root`, or undefined when there is no
 * such file or its real path lies outside the root's (a symbolic link that leads out).
 */
export async function resolveInside(root: string, segments: readonly string[]): Promise<string | undefined> {
  // TODO(08): join(root, ...segments) names the file (stage 08.1). Then compare real paths (stage 08.2):
  // realpath() of the root and of the file (missing → undefined); the file's must start with the root's plus sep.
  throw new Error(`TODO(08): resolveInside is not implemented (${root}, ${segments.length} segments)`);
}
