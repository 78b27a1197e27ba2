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
  const parts = encodedTail.split("/");
  // A trailing "/" names a directory, and directories are not listed.
  if (parts.at(-1) === "") throw new HttpError(404, "Not Found");
  const segments = parts.map((segment) => {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      throw new HttpError(
        400,
        `the path segment ${JSON.stringify(segment)} has a malformed %XX escape (RFC 3986 §2.1)`,
      );
    }
    if (name === "") throw new HttpError(400, "the path has an empty segment");
    // Clients remove dot-segments before sending (RFC 3986 §5.2.4): one that arrives, encoded or
    // not, was sent on purpose.
    if (name === "." || name === "..") throw new HttpError(400, "the path has a dot-segment");
    // "/" or "\" inside a segment can only have come from %2F or %5C: a name never holds one.
    if (name.includes("/") || name.includes("\\")) throw new HttpError(400, "the path has an encoded separator");
    if (CONTROL.test(name)) throw new HttpError(400, "the path has a control character");
    return name;
  });
  // .env, .git, .htpasswd: files that are hidden by convention are secrets far too often.
  if (segments.some((name) => name.startsWith("."))) throw new HttpError(404, "Not Found");
  return segments;
}

/**
 * The real path of the file that `segments` name under `root`, or undefined when there is no
 * such file or its real path lies outside the root's (a symbolic link that leads out).
 */
export async function resolveInside(root: string, segments: readonly string[]): Promise<string | undefined> {
  const [realRoot, realFile] = await Promise.all([
    realpath(root),
    realpath(join(root, ...segments)).catch(() => undefined),
  ]);
  if (realFile === undefined) return undefined;
  // The separator matters: "/srv/static-private/key" starts with "/srv/static" too.
  return realFile.startsWith(realRoot + sep) ? realFile : undefined;
}
