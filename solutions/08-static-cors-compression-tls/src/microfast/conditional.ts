// Conditional requests (RFC 9110 §13): a client that holds a copy asks for the file only if it
// changed, and an unchanged file costs a head instead of its body.
//
//   GET /static/app.js                          ──►  200  ETag: "1b3f-17c5…"  Last-Modified: …  + body
//   GET /static/app.js  If-None-Match: "1b3f-17c5…"  ──►  304 Not Modified, no body
//
// Two validators say which copy a client has (§8.8): the entity tag, an opaque string that
// changes whenever the bytes do, and Last-Modified, a date that counts whole seconds only.
import { parseHttpDate } from "../http/http-date.ts";
import type { Request } from "./request.ts";

export interface Validators {
  /** The current entity tag, quotes included: "\"1b3f-17c5e0f3a\"" (RFC 9110 §8.8.3). */
  readonly etag: string;
  /** The last modification, in ms since the epoch, rounded down to a whole second as HTTP dates are. */
  readonly lastModified: number;
}

/**
 * True when the client's copy is the current one, so a GET or HEAD gets 304 (§13.2.2, steps 3
 * and 4). If-None-Match decides when present, and then If-Modified-Since MUST be ignored
 * (§13.1.3): a tag says more than a date that counts whole seconds.
 */
export function isFresh(request: Request, validators: Validators): boolean {
  const ifNoneMatch = request.header("if-none-match");
  // If-None-Match compares weakly (§13.1.2): W/"x" and "x" name the same content for a cache.
  if (ifNoneMatch !== undefined)
    return (
      ifNoneMatch.trim() === "*" ||
      (parseEntityTags(ifNoneMatch) ?? []).some((tag) => tag.opaque === opaqueOf(validators.etag))
    );
  const ifModifiedSince = request.header("if-modified-since");
  if (ifModifiedSince === undefined) return false;
  // Not an HTTP-date, or several lines joined into one value: ignored (§13.1.3).
  const since = parseHttpDate(ifModifiedSince);
  return since !== undefined && validators.lastModified <= since;
}

/**
 * If-Range (§13.1.5): true when the part the client asks for is part of the representation it
 * already holds, so the Range applies; otherwise it gets the whole file. An entity tag compares
 * strongly — a weak one never matches, bytes are only the same when the tag is strong — and a
 * date must equal Last-Modified exactly.
 */
export function ifRangeHolds(ifRange: string, validators: Validators): boolean {
  const value = ifRange.trim();
  // §13.1.5: an entity tag starts with a DQUOTE or W/ — a date never does.
  if (value.startsWith('"') || value.startsWith("W/")) {
    const tags = parseEntityTags(value);
    return tags?.length === 1 && !tags[0]!.weak && `"${tags[0]!.opaque}"` === validators.etag;
  }
  return parseHttpDate(value) === validators.lastModified;
}

export interface EntityTag {
  readonly weak: boolean;
  /** The text between the quotes. */
  readonly opaque: string;
}

/**
 * A comma-separated list of entity tags (§8.8.3), or undefined when it is malformed. A tag may
 * itself hold a comma ("a,b" is one tag), so the list is scanned tag by tag, never split at ",".
 */
export function parseEntityTags(list: string): EntityTag[] | undefined {
  const tags: EntityTag[] = [];
  let i = 0;
  for (;;) {
    // Between tags: optional whitespace and commas; empty list elements are allowed (§5.6.1).
    while (i < list.length && (list[i] === " " || list[i] === "\t" || list[i] === ",")) i++;
    if (i === list.length) return tags;
    const weak = list.startsWith("W/", i);
    if (weak) i += 2;
    if (list[i] !== '"') return undefined;
    const close = list.indexOf('"', i + 1);
    if (close === -1) return undefined;
    const opaque = list.slice(i + 1, close);
    // etagc (§8.8.3): visible characters but the DQUOTE, and obs-text.
    if (!/^[\x21\x23-\x7e\x80-\xff]*$/.test(opaque)) return undefined;
    tags.push({ weak, opaque });
    i = close + 1;
    if (i < list.length && list[i] !== "," && list[i] !== " " && list[i] !== "\t") return undefined;
  }
}

/** "W/\"x\"" and "\"x\"" → "x". */
function opaqueOf(etag: string): string {
  return etag.slice(etag.indexOf('"') + 1, -1);
}
