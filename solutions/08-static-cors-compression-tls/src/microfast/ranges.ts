// Range requests (RFC 9110 §14): a client asks for part of a file — to resume a download, or
// to seek in a video — and gets 206 Partial Content with just those bytes.
//
//   Range: bytes=0-499     the first 500 bytes         206  Content-Range: bytes 0-499/10000
//   Range: bytes=9500-     from byte 9500 to the end   206  Content-Range: bytes 9500-9999/10000
//   Range: bytes=-500      the last 500 bytes          206  Content-Range: bytes 9500-9999/10000
//   Range: bytes=0-99999   clamped to the end          206  Content-Range: bytes 0-9999/10000
//   Range: bytes=10000-    starts past the end         416  Content-Range: bytes */10000
//   Range: bytes=0-1,5-9   more than one range         200, the whole file (see below)
//   Range: bytes=9-5       not a valid range           200, the whole file: the field is ignored
//
// Several ranges would be answered with a multipart/byteranges body (§14.6). microfast answers
// them with the whole file instead, as §14.2 allows any server to ignore Range: browsers and
// download managers ask for one range, and a request for many small or overlapping ranges is
// what the "Apache Killer" attack (CVE-2011-3192) used to make a server do a lot of work per byte.

/** What a Range field asks of a representation of `size` bytes. */
export type RangeRequest =
  /** No range to honour: send the whole representation, 200. */
  | { readonly kind: "whole" }
  /** Bytes first…last, both included: 206. */
  | { readonly kind: "range"; readonly first: number; readonly last: number }
  /** A valid range that lies entirely past the end: 416 (§15.5.17). */
  | { readonly kind: "unsatisfiable" };

export const WHOLE: RangeRequest = { kind: "whole" };

const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

/** Reads a Range field value (§14.1.2) for a representation of `size` bytes. */
export function parseRange(value: string, size: number): RangeRequest {
  const equals = value.indexOf("=");
  // A range unit the server does not know, or no unit at all: the field MUST be ignored (§14.2).
  if (equals === -1 || value.slice(0, equals).trim().toLowerCase() !== "bytes") return WHOLE;
  // Empty list elements are allowed and ignored (§5.6.1): "bytes=0-9," is one range.
  const specs = value
    .slice(equals + 1)
    .split(",")
    .map((spec) => spec.trim())
    .filter((spec) => spec !== "");
  if (specs.length !== 1) return WHOLE;
  const spec = specs[0]!;

  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix) {
    const length = Number(suffix[1]);
    // "The last 0 bytes", or any suffix of an empty file, selects nothing (§14.1.3).
    if (length === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "range", first: Math.max(0, size - length), last: size - 1 };
  }
  const int = INT_RANGE.exec(spec);
  if (!int) return WHOLE;
  const first = Number(int[1]);
  const last = int[2] === "" ? Number.POSITIVE_INFINITY : Number(int[2]);
  // last < first is no range at all: the field is invalid and ignored (§14.1.1).
  if (last < first) return WHOLE;
  // A range is satisfiable when its first byte exists (§14.1.1); its end is clamped to the file's.
  if (first >= size) return { kind: "unsatisfiable" };
  return { kind: "range", first, last: Math.min(last, size - 1) };
}

/** The Content-Range field of a 206: "bytes 0-499/10000" (§14.4). */
export function contentRange(first: number, last: number, size: number): string {
  return `bytes ${first}-${last}/${size}`;
}

// The Content-Range field of a 416, "bytes */10000": the size, so the client can aim better (§15.5.17).
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}
