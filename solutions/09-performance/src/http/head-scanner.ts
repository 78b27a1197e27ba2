// The fast path of the head parser. Nearly every request arrives with its whole head in one
// read, and nearly every head is plain: one space between the parts of the request line, one
// colon and optional spaces in each field line. For those, finding the lines with indexOf and
// checking each part with one regular expression does in a few native calls what the state
// machine does byte by byte in JavaScript.
//
//   bytes ─► whole head in this chunk? ─ no ──────────────────────────────┐
//                │ yes                                                    ▼
//                ▼                                               the state machine (chapter 02)
//            plain request line and field lines? ─ no, or any doubt ─────►│ gives the answer,
//                │ yes                                                    │ error or head
//                ▼                                                        │
//            the same RequestHead the state machine would have made ◄─────┘
//
// The scanner never answers an error itself: anything unusual — a bare LF, obs-fold, a limit
// reached, a bad byte — sends the bytes to the state machine, which knows the precise status
// and reason. So the two parsers cannot disagree on what is refused, only on how fast.
import { checkHead } from "./header-validation.ts";
import { MAX_HEADER_FIELDS, MAX_HEADER_SECTION_BYTES, MAX_METHOD_BYTES, MAX_TARGET_BYTES } from "./limits.ts";
import type { HeaderField, HttpVersion, RequestHead } from "./request-head.ts";
import { checkTarget } from "./request-line.ts";

/** The empty line that ends a head (RFC 9112 §2.1). */
const HEAD_END = Buffer.from("\r\n\r\n", "latin1");

/**
 * method SP request-target SP HTTP-version (RFC 9112 §3): a token, visible ASCII, and HTTP/1.x
 * (other versions go to the state machine, which answers 505 or 400).
 */
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([\x21-\x7e]+) HTTP\/1\.(\d)$/;

/**
 * field-name ":" OWS field-value OWS (RFC 9112 §5): a token, then visible bytes, obs-text and
 * inner SP/HTAB. The lazy value and the trailing [ \t]* take the surrounding whitespace off.
 */
const FIELD_LINE =
  /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*((?:[\x21-\x7e\x80-\xff](?:[\t \x21-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?)[ \t]*$/;

/** Nearly every request's version: one object for all of them, since a head is never changed. */
const HTTP_1_1: HttpVersion = Object.freeze({ major: 1, minor: 1 });

/**
 * Field names as sent, lower-cased: clients send the same few names in the same case on every
 * request, so a lookup replaces a new string each time. Bounded: names come from clients.
 */
const LOWER_NAMES = new Map<string, string>();
const MAX_LOWER_NAMES = 512;

function lowerCase(name: string): string {
  let lower = LOWER_NAMES.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (LOWER_NAMES.size < MAX_LOWER_NAMES) LOWER_NAMES.set(name, lower);
  }
  return lower;
}

export interface ScannedHead {
  readonly head: RequestHead;
  /** How many bytes the head took, its empty line included. */
  readonly used: number;
}

/** The head at the start of `bytes` when it is whole and plain; undefined sends the bytes to the state machine. */
export function scanHead(bytes: Uint8Array): ScannedHead | undefined {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The request line's limits plus the header section's bound how far the end can be.
  const end = buffer.indexOf(HEAD_END);
  if (end < 0 || end > MAX_METHOD_BYTES + MAX_TARGET_BYTES + MAX_HEADER_SECTION_BYTES) return undefined;
  // latin1: one character per byte, so obs-text survives and lengths are byte counts.
  const text = buffer.toString("latin1", 0, end);
  // A bare CR or LF anywhere but in CRLF is for the state machine to judge.
  const lines = text.split("\r\n");
  const requestLine = REQUEST_LINE.exec(lines[0]!);
  if (!requestLine) return undefined;
  const [, method, target, minor] = requestLine as unknown as [string, string, string, string];
  if (method.length > MAX_METHOD_BYTES || target.length > MAX_TARGET_BYTES) return undefined;
  if (checkTarget(method, target)) return undefined;
  // The header section's size as the state machine counts it: every field line with its CRLF, and the empty line.
  const sectionBytes = end + HEAD_END.length - (lines[0]!.length + 2);
  if (sectionBytes > MAX_HEADER_SECTION_BYTES || lines.length - 1 > MAX_HEADER_FIELDS) return undefined;
  const headers: HeaderField[] = [];
  for (let i = 1; i < lines.length; i++) {
    const field = FIELD_LINE.exec(lines[i]!);
    if (!field) return undefined;
    headers.push({ name: lowerCase(field[1]!), value: field[2]! });
  }
  const head: RequestHead = {
    method,
    target,
    version: minor === "1" ? HTTP_1_1 : { major: 1, minor: Number(minor) },
    headers,
  };
  if (checkHead(head)) return undefined;
  return { head, used: end + HEAD_END.length };
}
