// What the parser produces: plain, immutable data. The parser decides nothing about how to
// answer; the connection reads these events and acts on them.

/** HTTP-version (RFC 9112 §2.3): "HTTP/" DIGIT "." DIGIT. */
export interface HttpVersion {
  readonly major: number;
  readonly minor: number;
}

/** One field line. Names are case-insensitive (RFC 9110 §5.1), so they are kept lower-cased. */
export interface HeaderField {
  readonly name: string;
  /**
   * The value without its surrounding whitespace (RFC 9112 §5.1), decoded as latin1 so every
   * byte maps to one character and obs-text (0x80–0xFF) survives unchanged.
   */
  readonly value: string;
}

/** The request line and header section of one request (RFC 9112 §2.1): its head. */
export interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly version: HttpVersion;
  /** In the order received; a name may repeat. */
  readonly headers: readonly HeaderField[];
}

/**
 * The status codes the reading side can decide on its own, from the bytes alone: the head's
 * (400, 414, 431, 501, 505), and the body's — 413 for a body over the limit, 417 for an
 * expectation the server cannot meet, 501 for a transfer coding it does not implement.
 */
export type ParseErrorStatus = 400 | 413 | 414 | 417 | 431 | 501 | 505;

/** Why a request was rejected. The status is the answer; the reason is for humans and logs. */
export interface ParseError {
  readonly status: ParseErrorStatus;
  readonly reason: string;
}

export type ParseEvent =
  /** The first byte of a request line arrived: a request is now in progress. */
  | { readonly type: "message-begin" }
  /** A whole request head was parsed and passed every check. */
  | { readonly type: "head"; readonly head: RequestHead }
  /** The bytes are not a request this server accepts; the parser stops here for good. */
  | { readonly type: "error"; readonly error: ParseError };

export function parseError(status: ParseErrorStatus, reason: string): ParseError {
  return { status, reason };
}

/**
 * The values of every field line named `name` (lower-case), in order. One loop and no array
 * until a field matches: every request asks for four or five fields it almost never has.
 */
export function headerValues(head: RequestHead, name: string): string[] {
  const values: string[] = [];
  for (const field of head.headers) if (field.name === name) values.push(field.value);
  return values;
}
