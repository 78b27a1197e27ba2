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
  // Without a condition the client has no copy to keep (enough for stages 08.1 and 08.2).
  if (request.header("if-none-match") === undefined && request.header("if-modified-since") === undefined) return false;
  // TODO(08): If-None-Match, when present, decides alone: "*" or a tag that matches the ETag weakly (parseEntityTags).
  // Otherwise If-Modified-Since: parseHttpDate(); not a date → false; fresh when lastModified <= that date (stage 08.3).
  throw new Error(`TODO(08): isFresh is not implemented (ETag ${validators.etag})`);
}

/**
 * If-Range (§13.1.5): true when the part the client asks for is part of the representation it
 * already holds, so the Range applies; otherwise it gets the whole file. An entity tag compares
 * strongly — a weak one never matches, bytes are only the same when the tag is strong — and a
 * date must equal Last-Modified exactly.
 */
export function ifRangeHolds(ifRange: string, validators: Validators): boolean {
  // TODO(08): a value starting with a DQUOTE or W/ is an entity tag: one strong tag equal to the ETag holds; anything
  // else is a date, which holds when parseHttpDate() gives exactly lastModified (stage 08.4).
  throw new Error(`TODO(08): ifRangeHolds is not implemented (If-Range: ${ifRange}, ETag ${validators.etag})`);
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
  // TODO(08): scan the list tag by tag (stage 08.3): skip spaces, tabs and commas; an optional "W/"; a DQUOTE, the
  // opaque text (visible characters but the DQUOTE), a closing DQUOTE. Anything else → undefined.
  throw new Error(`TODO(08): parseEntityTags is not implemented (${list})`);
}
