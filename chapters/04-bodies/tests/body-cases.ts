// The body table: raw requests, each with what the server must make of it. A row that is
// accepted is echoed back by POST /echo, byte for byte; a row that is rejected gets that status
// with Connection: close, and the connection ends — nothing after it is read as a request.
//
// Outcomes follow RFC 9112 §6–7 and RFC 9110 §8.6. Where the RFC lets a server choose (rows
// marked "choice"), the row does what Node's own server does; the README lists those choices.

export interface AcceptedCase {
  what: string;
  raw: string;
  /** The decoded body, as POST /echo returns it. */
  accepts: string;
  /** The trailer fields the handler sees, names lower-cased (RFC 9112 §7.1.2); none when absent. */
  trailers?: [name: string, value: string][];
  why: string;
}

export interface RejectedCase {
  what: string;
  raw: string;
  /** The status the server answers with, then it closes. */
  rejects: 400 | 413 | 501;
  why: string;
}

export type BodyCase = AcceptedCase | RejectedCase;

export function isAccepted(row: BodyCase): row is AcceptedCase {
  return "accepts" in row;
}

/** A POST /echo request with these field lines (after Host) and these bytes after the head. */
export function post(
  fields: string[],
  body: string,
  options: { method?: string; target?: string; version?: string } = {},
): string {
  const version = options.version ?? "1.1";
  const host = version === "1.0" ? [] : ["Host: localhost"];
  const lines = [`${options.method ?? "POST"} ${options.target ?? "/echo"} HTTP/${version}`, ...host, ...fields];
  return lines.map((line) => `${line}\r\n`).join("") + "\r\n" + body;
}

const CHUNKED = "Transfer-Encoding: chunked";
const LOOKS_LIKE_A_REQUEST = "GET /x HTTP/1.1\r\nHost: y\r\n\r\n";
const HELLO_CHUNKED = "5\r\nhello\r\n0\r\n\r\n";

export const BODY_CASES: BodyCase[] = [
  // ── Content-Length (RFC 9112 §6.2, RFC 9110 §8.6) ─────────────────────────────────────────
  {
    what: "a Content-Length body",
    raw: post(["Content-Length: 5"], "hello"),
    accepts: "hello",
    why: "RFC 9112 §6.2: the next Content-Length bytes are the body",
  },
  {
    what: "Content-Length: 0",
    raw: post(["Content-Length: 0"], ""),
    accepts: "",
    why: "RFC 9110 §8.6: a length of zero is a body of zero bytes",
  },
  {
    what: "a POST with neither Content-Length nor Transfer-Encoding",
    raw: post([], ""),
    accepts: "",
    why: "RFC 9112 §6.3 rule 7: a request without either has no body",
  },
  {
    what: "a Content-Length with leading zeros",
    raw: post(["Content-Length: 005"], "hello"),
    accepts: "hello",
    why: "RFC 9110 §8.6: Content-Length = 1*DIGIT",
  },
  {
    what: "a Content-Length with whitespace around the value",
    raw: post(["Content-Length: \t5  "], "hello"),
    accepts: "hello",
    why: "RFC 9112 §5.1: OWS around a field value is not part of it",
  },
  {
    what: "a Content-Length field name in mixed case",
    raw: post(["content-LENGTH: 5"], "hello"),
    accepts: "hello",
    why: "RFC 9110 §5.1: field names are case-insensitive",
  },
  {
    what: "a body holding CR, LF, NUL and 0xFF bytes",
    raw: post(["Content-Length: 8"], "\r\n\r\n\x00\xffGE"),
    accepts: "\r\n\r\n\x00\xffGE",
    why: "RFC 9112 §6: a body is opaque bytes; only the length frames it",
  },
  {
    what: "a body that looks like a request",
    raw: post([`Content-Length: ${LOOKS_LIKE_A_REQUEST.length}`], LOOKS_LIKE_A_REQUEST),
    accepts: LOOKS_LIKE_A_REQUEST,
    why: "RFC 9112 §6.2: the body is data, never parsed as a request",
  },
  // ── chunked (RFC 9112 §7.1) ───────────────────────────────────────────────────────────────
  {
    what: "a chunked body in one chunk",
    raw: post([CHUNKED], HELLO_CHUNKED),
    accepts: "hello",
    why: "RFC 9112 §7.1: chunk-size CRLF chunk-data CRLF, then last-chunk and CRLF",
  },
  {
    what: "a chunked body in three chunks",
    raw: post([CHUNKED], "2\r\nhe\r\n1\r\nl\r\n2\r\nlo\r\n0\r\n\r\n"),
    accepts: "hello",
    why: "RFC 9112 §7.1: the body is the chunks' data, concatenated",
  },
  {
    what: "an empty chunked body",
    raw: post([CHUNKED], "0\r\n\r\n"),
    accepts: "",
    why: "RFC 9112 §7.1: the last-chunk alone is an empty body",
  },
  {
    what: "an upper-case hex chunk size",
    raw: post([CHUNKED], "A\r\n0123456789\r\n0\r\n\r\n"),
    accepts: "0123456789",
    why: "RFC 5234 B.1: HEXDIG is case-insensitive",
  },
  {
    what: "a lower-case hex chunk size",
    raw: post([CHUNKED], "b\r\n0123456789a\r\n0\r\n\r\n"),
    accepts: "0123456789a",
    why: "RFC 5234 B.1: HEXDIG is case-insensitive",
  },
  {
    what: "chunk sizes with leading zeros",
    raw: post([CHUNKED], "005\r\nhello\r\n000\r\n\r\n"),
    accepts: "hello",
    why: 'RFC 9112 §7.1: chunk-size = 1*HEXDIG, last-chunk = 1*("0")',
  },
  {
    what: "chunk data holding CRLF",
    raw: post([CHUNKED], "4\r\n\r\n\r\n\r\n0\r\n\r\n"),
    accepts: "\r\n\r\n",
    why: "RFC 9112 §7.1: chunk data is exactly chunk-size bytes, whatever they are",
  },
  {
    what: "Transfer-Encoding: CHUNKED in capitals",
    raw: post(["Transfer-Encoding: CHUNKED"], HELLO_CHUNKED),
    accepts: "hello",
    why: "RFC 9112 §7: transfer-coding names are case-insensitive",
  },
  {
    what: "chunked with an empty list element before it",
    raw: post(["Transfer-Encoding: , chunked"], HELLO_CHUNKED),
    accepts: "hello",
    why: "RFC 9110 §5.6.1: a recipient ignores empty list elements",
  },
  // ── extensions and trailers (RFC 9112 §7.1.1, §7.1.2) ─────────────────────────────────────
  {
    what: "a chunk extension with a token value",
    raw: post([CHUNKED], "5;name=value\r\nhello\r\n0\r\n\r\n"),
    accepts: "hello",
    why: "RFC 9112 §7.1.1: unrecognised extensions are ignored",
  },
  {
    what: "a chunk extension with a quoted value",
    raw: post([CHUNKED], '5;n="a b;c=\\"d\\""\r\nhello\r\n0\r\n\r\n'),
    accepts: "hello",
    why: "RFC 9112 §7.1.1: chunk-ext-val = token / quoted-string",
  },
  {
    what: "a chunk extension without a value",
    raw: post([CHUNKED], "5;flag\r\nhello\r\n0\r\n\r\n"),
    accepts: "hello",
    why: "RFC 9112 §7.1.1: the value is optional",
  },
  {
    what: "several chunk extensions, with whitespace around ; and =",
    raw: post([CHUNKED], '5 ; a = 1 ;b="2"\r\nhello\r\n0\r\n\r\n'),
    accepts: "hello",
    why: 'RFC 9112 §7.1.1: BWS around ";" and "="',
  },
  {
    what: "an extension on the last chunk",
    raw: post([CHUNKED], "5\r\nhello\r\n0;end=yes\r\n\r\n"),
    accepts: "hello",
    why: 'RFC 9112 §7.1: last-chunk = 1*("0") [ chunk-ext ] CRLF',
  },
  {
    what: "a trailer field",
    raw: post([CHUNKED], "5\r\nhello\r\n0\r\nX-Checksum: 1234\r\n\r\n"),
    accepts: "hello",
    trailers: [["x-checksum", "1234"]],
    why: "RFC 9112 §7.1.2: field lines may follow the last chunk",
  },
  {
    what: "two trailer fields",
    raw: post([CHUNKED], "5\r\nhello\r\n0\r\nX-A: 1\r\nX-B: 2\r\n\r\n"),
    accepts: "hello",
    trailers: [
      ["x-a", "1"],
      ["x-b", "2"],
    ],
    why: "RFC 9112 §7.1.2: trailer-section = *( field-line CRLF )",
  },
  // ── request smuggling: the length must be beyond doubt (RFC 9112 §6.1, §6.3) ──────────────
  {
    what: "Content-Length and Transfer-Encoding together (CL.TE)",
    raw: post(["Content-Length: 6", CHUNKED], "0\r\n\r\nX"),
    rejects: 400,
    why: "RFC 9112 §6.1 (choice: reject, as Node does; either way close)",
  },
  {
    what: "Transfer-Encoding and Content-Length together (TE.CL)",
    raw: post([CHUNKED, "Content-Length: 4"], "5c\r\nGPOST / HTTP/1.1\r\n\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §6.1 (choice: reject, as Node does)",
  },
  {
    what: "Transfer-Encoding with Content-Length: 0",
    raw: post(["Content-Length: 0", CHUNKED], HELLO_CHUNKED),
    rejects: 400,
    why: "RFC 9112 §6.1 (choice: reject, as Node does)",
  },
  {
    what: "two different Content-Length values",
    raw: post(["Content-Length: 5", "Content-Length: 6"], "hello!"),
    rejects: 400,
    why: "RFC 9112 §6.3 rule 5: an invalid Content-Length is an unrecoverable error: 400 and close",
  },
  {
    what: "two identical Content-Length lines",
    raw: post(["Content-Length: 5", "Content-Length: 5"], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6 (choice: reject, as Node does)",
  },
  {
    what: "a Content-Length list of identical values",
    raw: post(["Content-Length: 5, 5"], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6 (choice: reject, as Node does)",
  },
  {
    what: "a Content-Length with a plus sign",
    raw: post(["Content-Length: +5"], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6: 1*DIGIT has no sign",
  },
  {
    what: "a negative Content-Length",
    raw: post(["Content-Length: -5"], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6: 1*DIGIT has no sign",
  },
  {
    what: "a Content-Length with a space inside",
    raw: post(["Content-Length: 1 5"], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6: 1*DIGIT, nothing between the digits",
  },
  {
    what: "a hexadecimal Content-Length",
    raw: post(["Content-Length: 0x5"], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6: decimal digits only",
  },
  {
    what: "a decimal point in Content-Length",
    raw: post(["Content-Length: 5.0"], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6: an integer number of octets",
  },
  {
    what: "an empty Content-Length",
    raw: post(["Content-Length: "], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6: at least one digit",
  },
  {
    what: "a Content-Length that overflows",
    raw: post(["Content-Length: 99999999999999999999"], "hello"),
    rejects: 400,
    why: "RFC 9110 §8.6: a length the server cannot represent is not a length",
  },
  {
    what: "a Transfer-Encoding that does not end in chunked",
    raw: post(["Transfer-Encoding: gzip"], "hello"),
    rejects: 400,
    why: "RFC 9112 §6.3 rule 4: a request whose final coding is not chunked MUST get 400",
  },
  {
    what: "chunked followed by another coding",
    raw: post(["Transfer-Encoding: chunked, gzip"], HELLO_CHUNKED),
    rejects: 400,
    why: "RFC 9112 §6.3 rule 4: chunked must be the final coding",
  },
  {
    what: "Transfer-Encoding: identity",
    raw: post(["Transfer-Encoding: identity"], "hello"),
    rejects: 400,
    why: "RFC 9112 §6.3 rule 4: not chunked (identity was removed in RFC 7230)",
  },
  {
    what: "chunked spelt wrong",
    raw: post(["Transfer-Encoding: chunkd"], HELLO_CHUNKED),
    rejects: 400,
    why: "RFC 9112 §6.3 rule 4: only chunked frames a request body",
  },
  {
    what: "chunked with something glued to it",
    raw: post(["Transfer-Encoding: xchunked"], HELLO_CHUNKED),
    rejects: 400,
    why: "RFC 9112 §6.3 rule 4: the coding is compared whole",
  },
  {
    what: "chunked applied twice",
    raw: post(["Transfer-Encoding: chunked, chunked"], HELLO_CHUNKED),
    rejects: 400,
    why: "RFC 9112 §6.1: chunked MUST NOT be applied more than once",
  },
  {
    what: "a second Transfer-Encoding line ending in another coding",
    raw: post([CHUNKED, "Transfer-Encoding: gzip"], HELLO_CHUNKED),
    rejects: 400,
    why: "RFC 9110 §5.3: the lines form one list, whose last coding is gzip",
  },
  {
    what: "Transfer-Encoding in an HTTP/1.0 request",
    raw: post([CHUNKED], HELLO_CHUNKED, { version: "1.0" }),
    rejects: 400,
    why: "RFC 9112 §6.1: HTTP/1.0 framing with Transfer-Encoding MUST be treated as faulty",
  },
  {
    what: "a transfer coding the server does not implement before chunked",
    raw: post(["Transfer-Encoding: gzip, chunked"], HELLO_CHUNKED),
    rejects: 501,
    why: "RFC 9112 §6.1: a coding the server does not understand SHOULD get 501",
  },
  // ── chunk framing errors (RFC 9112 §7.1) ──────────────────────────────────────────────────
  {
    what: "a chunk size with a bad character",
    raw: post([CHUNKED], "5x\r\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1: chunk-size = 1*HEXDIG",
  },
  {
    what: "a chunk size with a 0x prefix",
    raw: post([CHUNKED], "0x5\r\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1: hex digits, no prefix",
  },
  {
    what: "a negative chunk size",
    raw: post([CHUNKED], "-5\r\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1: chunk-size = 1*HEXDIG",
  },
  {
    what: "an empty chunk size line",
    raw: post([CHUNKED], "\r\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1: at least one hex digit",
  },
  {
    what: "a chunk size with a space inside",
    raw: post([CHUNKED], "5 5\r\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: 'RFC 9112 §7.1.1: after the size, only BWS ";" may follow',
  },
  {
    what: "a chunk size that overflows",
    raw: post([CHUNKED], "fffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1: a size the server cannot represent",
  },
  {
    what: "chunk data longer than its size",
    raw: post([CHUNKED], "3\r\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1: chunk-data is followed by CRLF",
  },
  {
    what: "two other bytes where the CRLF after the chunk data belongs",
    raw: post([CHUNKED], "5\r\nhelloXY0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1: chunk-data is followed by CRLF, not by any two bytes",
  },
  {
    what: "no CRLF after the chunk data",
    raw: post([CHUNKED], "5\r\nhello0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1: chunk-data is followed by CRLF",
  },
  {
    what: "a bare LF after the chunk data",
    raw: post([CHUNKED], "5\r\nhello\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1, §2.2: lines end in CRLF",
  },
  {
    what: "a chunk size line ending in a bare LF",
    raw: post([CHUNKED], "5\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1, §2.2: lines end in CRLF",
  },
  {
    what: "a bare LF inside a chunk extension",
    raw: post([CHUNKED], "5;a=b\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1.1: an extension ends at CRLF and holds no LF",
  },
  {
    what: "a chunk extension with a bad character",
    raw: post([CHUNKED], "5;a=b c\r\nhello\r\n0\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §7.1.1: chunk-ext-val = token / quoted-string",
  },
  {
    what: "a CR inside a quoted chunk extension",
    raw: post([CHUNKED], '5;a="b\rc"\r\nhello\r\n0\r\n\r\n'),
    rejects: 400,
    why: "RFC 9110 §5.6.4: qdtext has no CR",
  },
  {
    what: "a trailer line without a colon",
    raw: post([CHUNKED], "5\r\nhello\r\n0\r\nNoColon\r\n\r\n"),
    rejects: 400,
    why: 'RFC 9112 §5: field-line = field-name ":" OWS field-value OWS',
  },
  {
    what: "a folded trailer line",
    raw: post([CHUNKED], "5\r\nhello\r\n0\r\nX-A: 1\r\n 2\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §5.2: obs-fold is rejected",
  },
  {
    what: "whitespace before a trailer field's colon",
    raw: post([CHUNKED], "5\r\nhello\r\n0\r\nX-A : 1\r\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §5.1: no whitespace between field name and colon",
  },
  {
    what: "a trailer line ending in a bare LF",
    raw: post([CHUNKED], "5\r\nhello\r\n0\r\nX-A: 1\n\r\n"),
    rejects: 400,
    why: "RFC 9112 §2.2: lines end in CRLF",
  },
];
