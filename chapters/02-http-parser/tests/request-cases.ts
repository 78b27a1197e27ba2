// The request table: raw bytes → what the parser must make of them, and what the server must
// answer. Stages 02.1 and 02.2 grade the parser on it in-process; 02.4 and 02.5 send every
// row over a real socket; 02.3 and 02.6 cut and mangle its rows.

/** The statuses the parser decides from the bytes alone. */
export type ParserStatus = 400 | 414 | 431 | 501 | 505;

export interface ExpectedHead {
  method: string;
  target: string;
  version: [major: number, minor: number];
  /** Every field, in order: lower-cased name, trimmed value. */
  headers: [name: string, value: string][];
}

interface Row {
  stage: "02.1" | "02.2";
  /** The request, in words: test names are built from it. */
  what: string;
  /** The bytes, one character per byte (latin1). */
  raw: string;
  /** The client half-closes (FIN) right after these bytes: the request is cut short. */
  endsEarly?: boolean;
  hint?: string;
}

export interface Accepted extends Row {
  /** The parser emits message-begin, then a head with these parts. */
  accepts: Partial<ExpectedHead>;
  /** The hello-world server's answer: 200 for GET/HEAD, 405 for other known methods, 501 for unknown ones. */
  answer: 200 | 405 | 501;
}

export interface Rejected extends Row {
  /** The parser emits an error with this status; the server answers it and closes. */
  rejects: ParserStatus;
}

export type RequestCase = Accepted | Rejected;

/** A request head: the lines, each ended by CRLF, then the empty line. */
export function head(...lines: string[]): string {
  return lines.map((line) => `${line}\r\n`).join("") + "\r\n";
}

const KiB = 1024;
const HOST = "Host: example.com";

/**
 * The first bytes a TLS client sends: a handshake record header (0x16, version 3.1, length),
 * the ClientHello header (type 1, length, version 3.3) and the start of its 32 random bytes.
 */
const TLS_CLIENT_HELLO_START = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\x8e\x5b\x77\xc1\x09\xd4\x3f";

const BYTE_BY_BYTE_METHOD =
  "Check each method byte as it arrives, not when the SP does: a client that does not speak HTTP may never send a SP, and waits for an answer.";

export const REQUEST_LINE_CASES: RequestCase[] = [
  // ── accepted ────────────────────────────────────────────────────────────────────────────
  {
    stage: "02.1",
    what: "a minimal HTTP/1.1 GET",
    raw: head("GET / HTTP/1.1", HOST),
    accepts: { method: "GET", target: "/", version: [1, 1], headers: [["host", "example.com"]] },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "a target with a path and a query string",
    raw: head("GET /search/items?q=a%20b&page=2 HTTP/1.1", HOST),
    accepts: { target: "/search/items?q=a%20b&page=2" },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "a HEAD request",
    raw: head("HEAD /index.html HTTP/1.1", HOST),
    accepts: { method: "HEAD", target: "/index.html" },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "an HTTP/1.0 request without Host",
    raw: head("GET /old HTTP/1.0"),
    accepts: { method: "GET", target: "/old", version: [1, 0], headers: [] },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "an absolute-form target, which a server MUST accept (RFC 9112 §3.2.2)",
    raw: head("GET http://example.com/x?y=1 HTTP/1.1", HOST),
    accepts: { target: "http://example.com/x?y=1" },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "an asterisk-form OPTIONS (RFC 9112 §3.2.4)",
    raw: head("OPTIONS * HTTP/1.1", HOST),
    accepts: { method: "OPTIONS", target: "*" },
    answer: 405,
  },
  {
    stage: "02.1",
    what: "an authority-form CONNECT (RFC 9112 §3.2.3)",
    raw: head("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443"),
    accepts: { method: "CONNECT", target: "example.com:443" },
    answer: 405,
  },
  {
    stage: "02.1",
    what: "a POST, a known method hello-world does not allow (RFC 9110 §15.5.6)",
    raw: head("POST /form HTTP/1.1", HOST),
    accepts: { method: "POST" },
    answer: 405,
  },
  {
    stage: "02.1",
    what: "a DELETE",
    raw: head("DELETE /item/1 HTTP/1.1", HOST),
    accepts: { method: "DELETE", target: "/item/1" },
    answer: 405,
  },
  {
    stage: "02.1",
    what: "an unknown but well-formed method (RFC 9110 §9.1)",
    raw: head("BREW /pot HTTP/1.1", HOST),
    accepts: { method: "BREW" },
    answer: 501,
  },
  {
    stage: "02.1",
    what: "a lower-case method: methods are case-sensitive (RFC 9110 §9.1)",
    raw: head("get / HTTP/1.1", HOST),
    accepts: { method: "get" },
    answer: 501,
  },
  {
    stage: "02.1",
    what: "a method with token symbols",
    raw: head("M-SEARCH / HTTP/1.1", HOST),
    accepts: { method: "M-SEARCH" },
    answer: 501,
  },
  {
    stage: "02.1",
    what: "a method of exactly 32 bytes",
    raw: head(`${"A".repeat(32)} / HTTP/1.1`, HOST),
    accepts: { method: "A".repeat(32) },
    answer: 501,
  },
  {
    stage: "02.1",
    what: "runs of spaces between the parts of the request line, as Node accepts (RFC 9112 §3)",
    raw: head("GET   /spaced   HTTP/1.1", HOST),
    accepts: { method: "GET", target: "/spaced", version: [1, 1] },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "empty lines before the request line (RFC 9112 §2.2)",
    raw: "\r\n\r\n" + head("GET /after-blank HTTP/1.1", HOST),
    accepts: { target: "/after-blank" },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "HTTP/1.2, read as the highest 1.x the server speaks (RFC 9110 §2.5)",
    raw: head("GET / HTTP/1.2", HOST),
    accepts: { version: [1, 2] },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "a target with visible characters RFC 3986 leaves out, as Node accepts",
    raw: head("GET /a{b}|c^d`e HTTP/1.1", HOST),
    accepts: { target: "/a{b}|c^d`e" },
    answer: 200,
  },
  {
    stage: "02.1",
    what: "a target of exactly 8 KiB",
    raw: head(`GET /${"a".repeat(8 * KiB - 1)} HTTP/1.1`, HOST),
    accepts: { target: `/${"a".repeat(8 * KiB - 1)}` },
    answer: 200,
  },

  // ── rejected ────────────────────────────────────────────────────────────────────────────
  {
    stage: "02.1",
    what: "a method with a byte that is not a token character (RFC 9110 §9.1)",
    raw: head("G@T / HTTP/1.1", HOST),
    rejects: 400,
  },
  { stage: "02.1", what: "a request line that starts with a space", raw: head(" GET / HTTP/1.1", HOST), rejects: 400 },
  // Clients that speak something else on this port. No SP, CR or LF follows these bytes, so a
  // parser that checks the method only when its SP arrives waits for more, and so does the client.
  {
    stage: "02.1",
    what: "the start of a TLS ClientHello, sent to a plain-HTTP port (0x16 cannot start a method, RFC 9112 §3)",
    raw: TLS_CLIENT_HELLO_START,
    rejects: 400,
    hint: BYTE_BY_BYTE_METHOD,
  },
  {
    stage: "02.1",
    what: "a NUL byte where a request line must start",
    raw: "\x00\x00\x00\x00",
    rejects: 400,
    hint: BYTE_BY_BYTE_METHOD,
  },
  {
    stage: "02.1",
    what: "a telnet negotiation (0xFF, IAC) where a request line must start",
    raw: "\xff\xfd\x03\xff\xfb\x18",
    rejects: 400,
    hint: BYTE_BY_BYTE_METHOD,
  },
  {
    stage: "02.1",
    what: "a tab between method and target: only SP separates them (RFC 9112 §3)",
    raw: head("GET\t/ HTTP/1.1", HOST),
    rejects: 400,
  },
  { stage: "02.1", what: "a space inside the target", raw: head("GET /a b HTTP/1.1", HOST), rejects: 400 },
  { stage: "02.1", what: "a control byte in the target", raw: head("GET /a\x01b HTTP/1.1", HOST), rejects: 400 },
  { stage: "02.1", what: "a NUL in the target", raw: head("GET /a\x00 HTTP/1.1", HOST), rejects: 400 },
  { stage: "02.1", what: "a DEL byte in the target", raw: head("GET /a\x7f HTTP/1.1", HOST), rejects: 400 },
  { stage: "02.1", what: "a tab in the target", raw: head("GET /a\tb HTTP/1.1", HOST), rejects: 400 },
  {
    stage: "02.1",
    what: "a raw non-ASCII byte in the target (RFC 3986 §2)",
    raw: head("GET /caf\xe9 HTTP/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "a target that is neither origin-form nor absolute-form (RFC 9112 §3.2)",
    raw: head("GET a/b HTTP/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "an asterisk target on a method other than OPTIONS (RFC 9112 §3.2.4)",
    raw: head("GET * HTTP/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "an authority-form target on a method other than CONNECT (RFC 9112 §3.2.3)",
    raw: head("GET example.com:443 HTTP/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "CONNECT with an origin-form target (RFC 9112 §3.2.3)",
    raw: head("CONNECT / HTTP/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "an absolute-form target with a scheme other than http or https",
    raw: head("GET ftp://example.com/x HTTP/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "a lower-case version name: HTTP-name is case-sensitive (RFC 9112 §2.3)",
    raw: head("GET / http/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "a version without its minor digit (RFC 9112 §2.3)",
    raw: head("GET / HTTP/1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "a two-digit major version (RFC 9112 §2.3)",
    raw: head("GET / HTTP/11.1", HOST),
    rejects: 400,
  },
  { stage: "02.1", what: "bytes after the version", raw: head("GET / HTTP/1.1x", HOST), rejects: 400 },
  { stage: "02.1", what: "a space after the version (RFC 9112 §3)", raw: head("GET / HTTP/1.1 ", HOST), rejects: 400 },
  { stage: "02.1", what: "a request line without a version (HTTP/0.9)", raw: "GET /\r\n\r\n", rejects: 400 },
  { stage: "02.1", what: "a request line with a method alone", raw: "GET\r\n\r\n", rejects: 400 },
  {
    stage: "02.1",
    what: "HTTP/2.0 in an HTTP/1 request line (RFC 9110 §15.6.6)",
    raw: head("GET / HTTP/2.0", HOST),
    rejects: 505,
  },
  { stage: "02.1", what: "HTTP/0.9 written out as a version", raw: head("GET / HTTP/0.9", HOST), rejects: 505 },
  { stage: "02.1", what: "HTTP/3.0", raw: head("GET / HTTP/3.0", HOST), rejects: 505 },
  {
    stage: "02.1",
    what: "a target longer than 8 KiB (RFC 9110 §15.5.15)",
    raw: head(`GET /${"a".repeat(8 * KiB)} HTTP/1.1`, HOST),
    rejects: 414,
  },
  {
    stage: "02.1",
    what: "a method longer than 32 bytes",
    raw: head(`${"A".repeat(40)} / HTTP/1.1`, HOST),
    rejects: 501,
  },
  {
    stage: "02.1",
    what: "a request line ended by a bare LF (RFC 9112 §2.2)",
    raw: `GET / HTTP/1.1\n${HOST}\r\n\r\n`,
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "a bare CR inside the request line (RFC 9112 §2.2)",
    raw: head("GET /\r HTTP/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "a bare LF before the request line (RFC 9112 §2.2)",
    raw: `\n${head("GET / HTTP/1.1", HOST)}`,
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "more than 8 empty lines before the request line",
    raw: "\r\n".repeat(9) + head("GET / HTTP/1.1", HOST),
    rejects: 400,
  },
  {
    stage: "02.1",
    what: "a request line cut short by the client's FIN",
    raw: "GET /partial HT",
    endsEarly: true,
    rejects: 400,
  },
];

/** `count` field lines "X-Field-<i>: value-<i>". */
function fields(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `X-Field-${i}: value-${i}`);
}

export const HEADER_CASES: RequestCase[] = [
  // ── accepted ────────────────────────────────────────────────────────────────────────────
  {
    stage: "02.2",
    what: "several fields, names lower-cased, in order (RFC 9110 §5.1)",
    raw: head("GET / HTTP/1.1", HOST, "Accept: */*", "X-Custom-Header: 1", "accept: text/plain"),
    accepts: {
      headers: [
        ["host", "example.com"],
        ["accept", "*/*"],
        ["x-custom-header", "1"],
        ["accept", "text/plain"],
      ],
    },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "whitespace around a value, which is not part of it (RFC 9112 §5.1)",
    raw: head("GET / HTTP/1.1", HOST, "X-Pad: \t  padded value \t "),
    accepts: {
      headers: [
        ["host", "example.com"],
        ["x-pad", "padded value"],
      ],
    },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "spaces and tabs inside a value, kept as sent",
    raw: head("GET / HTTP/1.1", HOST, "X-Inner:a \t b"),
    accepts: {
      headers: [
        ["host", "example.com"],
        ["x-inner", "a \t b"],
      ],
    },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "empty values",
    raw: head("GET / HTTP/1.1", HOST, "X-Empty:", "X-Blank:   "),
    accepts: {
      headers: [
        ["host", "example.com"],
        ["x-empty", ""],
        ["x-blank", ""],
      ],
    },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "a colon inside a value: only the first one separates name and value",
    raw: head("GET / HTTP/1.1", HOST, "X-Time: 12:30:00"),
    accepts: {
      headers: [
        ["host", "example.com"],
        ["x-time", "12:30:00"],
      ],
    },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "obs-text (bytes 0x80–0xFF) in a value, kept as latin1 (RFC 9110 §5.5)",
    raw: head("GET / HTTP/1.1", HOST, "X-Latin: caf\xe9 \xff"),
    accepts: {
      headers: [
        ["host", "example.com"],
        ["x-latin", "caf\xe9 \xff"],
      ],
    },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "a value that ends in byte 0xA0, which is obs-text, not whitespace (RFC 9110 §5.5)",
    raw: head("GET / HTTP/1.1", HOST, "X-Nbsp: a\xa0"),
    accepts: {
      headers: [
        ["host", "example.com"],
        ["x-nbsp", "a\xa0"],
      ],
    },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "a field name made of every token symbol (RFC 9110 §5.6.2)",
    raw: head("GET / HTTP/1.1", HOST, "!#$%&'*+-.^_`|~09AZaz: v"),
    accepts: {
      headers: [
        ["host", "example.com"],
        ["!#$%&'*+-.^_`|~09azaz", "v"],
      ],
    },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "a Host field name in mixed case",
    raw: head("GET / HTTP/1.1", "hOsT: Example.COM"),
    accepts: { headers: [["host", "Example.COM"]] },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "a Host with a port",
    raw: head("GET / HTTP/1.1", "Host: example.com:8080"),
    accepts: { headers: [["host", "example.com:8080"]] },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "an IPv6 literal Host (RFC 3986 §3.2.2)",
    raw: head("GET / HTTP/1.1", "Host: [::1]:8000"),
    accepts: { headers: [["host", "[::1]:8000"]] },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "an empty Host, which says the URI has no authority (RFC 9112 §3.2)",
    raw: head("GET / HTTP/1.1", "Host:"),
    accepts: { headers: [["host", ""]] },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "a header section of 15 KiB",
    raw: head("GET / HTTP/1.1", HOST, `X-Big: ${"b".repeat(15 * KiB)}`),
    accepts: { method: "GET" },
    answer: 200,
  },
  {
    stage: "02.2",
    what: "100 field lines",
    raw: head("GET / HTTP/1.1", HOST, ...fields(99)),
    accepts: { method: "GET" },
    answer: 200,
  },

  // ── rejected ────────────────────────────────────────────────────────────────────────────
  {
    stage: "02.2",
    what: "an HTTP/1.1 request without Host (RFC 9112 §3.2)",
    raw: head("GET / HTTP/1.1", "Accept: */*"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "two Host field lines (RFC 9112 §3.2)",
    raw: head("GET / HTTP/1.1", HOST, "Host: other.example"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "two Host field lines whose names differ only in case",
    raw: head("GET / HTTP/1.1", HOST, "host: example.com"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "two Host field lines in HTTP/1.0 too",
    raw: head("GET / HTTP/1.0", HOST, HOST),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a Host with a space in it (RFC 9110 §7.2)",
    raw: head("GET / HTTP/1.1", "Host: a b"),
    rejects: 400,
  },
  { stage: "02.2", what: "a Host with a path", raw: head("GET / HTTP/1.1", "Host: example.com/x"), rejects: 400 },
  { stage: "02.2", what: "a Host with userinfo", raw: head("GET / HTTP/1.1", "Host: user@example.com"), rejects: 400 },
  {
    stage: "02.2",
    what: "a Host with a port that is not a number",
    raw: head("GET / HTTP/1.1", "Host: example.com:80a"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "whitespace between a field name and its colon (RFC 9112 §5.1)",
    raw: head("GET / HTTP/1.1", "Host : example.com"),
    rejects: 400,
    hint: "A space before the colon is not trimmed: it makes the request invalid (RFC 9112 §5.1).",
  },
  {
    stage: "02.2",
    what: "a tab between a field name and its colon (RFC 9112 §5.1)",
    raw: head("GET / HTTP/1.1", HOST, "X-Tab\t: 1"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "obs-fold: a field continued on the next line (RFC 9112 §5.2)",
    raw: head("GET / HTTP/1.1", HOST, "X-Folded: first", " second"),
    rejects: 400,
    hint: "A field line that starts with a space or tab continues the previous one (obs-fold): reject it with 400.",
  },
  {
    stage: "02.2",
    what: "whitespace before the first field line (RFC 9112 §2.2)",
    raw: head("GET / HTTP/1.1", ` ${HOST}`),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a NUL in a value (RFC 9110 §5.5)",
    raw: head("GET / HTTP/1.1", HOST, "X-Nul: a\x00b"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a control byte in a value (RFC 9110 §5.5)",
    raw: head("GET / HTTP/1.1", HOST, "X-Ctl: a\x01b"),
    rejects: 400,
  },
  { stage: "02.2", what: "a vertical tab in a value", raw: head("GET / HTTP/1.1", HOST, "X-Vt: a\x0bb"), rejects: 400 },
  { stage: "02.2", what: "a DEL byte in a value", raw: head("GET / HTTP/1.1", HOST, "X-Del: a\x7fb"), rejects: 400 },
  {
    stage: "02.2",
    what: "a field name with a character that is not a token character (RFC 9110 §5.1)",
    raw: head("GET / HTTP/1.1", HOST, "X(y): b"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a non-ASCII byte in a field name",
    raw: head("GET / HTTP/1.1", HOST, "X\xc3\xa9: b"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a field line that starts with a colon",
    raw: head("GET / HTTP/1.1", HOST, ": no-name"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a field line without a colon (RFC 9112 §5)",
    raw: head("GET / HTTP/1.1", HOST, "NoColonHere"),
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a field line ended by a bare LF (RFC 9112 §2.2)",
    raw: `GET / HTTP/1.1\r\n${HOST}\nX-After: 1\r\n\r\n`,
    rejects: 400,
    hint: "Every line ends in CRLF: an LF without the CR before it is an error here, not a line end.",
  },
  {
    stage: "02.2",
    what: "a head ended by a bare LF (RFC 9112 §2.2)",
    raw: `GET / HTTP/1.1\r\n${HOST}\r\n\n`,
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a request with bare LFs everywhere (RFC 9112 §2.2)",
    raw: `GET / HTTP/1.1\n${HOST}\n\n`,
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a bare CR inside a value (RFC 9112 §2.2)",
    raw: head("GET / HTTP/1.1", HOST, "X-Cr: a\rb"),
    rejects: 400,
    hint: "A CR must be followed by LF. A CR followed by anything else is a bare CR: reject it (RFC 9112 §2.2).",
  },
  { stage: "02.2", what: "CR CR LF ending the head", raw: `GET / HTTP/1.1\r\n${HOST}\r\n\r\r\n`, rejects: 400 },
  {
    stage: "02.2",
    what: "a header section larger than 16 KiB (RFC 6585 §5)",
    raw: head("GET / HTTP/1.1", HOST, `X-Big: ${"b".repeat(17 * KiB)}`),
    rejects: 431,
  },
  { stage: "02.2", what: "101 field lines", raw: head("GET / HTTP/1.1", HOST, ...fields(100)), rejects: 431 },
  {
    stage: "02.2",
    what: "a head cut short by the client's FIN",
    raw: `GET / HTTP/1.1\r\n${HOST}\r\nX-Half: val`,
    endsEarly: true,
    rejects: 400,
  },
  {
    stage: "02.2",
    what: "a head cut short after the last field line's CRLF",
    raw: `GET / HTTP/1.1\r\n${HOST}\r\n`,
    endsEarly: true,
    rejects: 400,
  },
];

export const REQUEST_CASES: RequestCase[] = [...REQUEST_LINE_CASES, ...HEADER_CASES];

export function isAccepted(row: RequestCase): row is Accepted {
  return "accepts" in row;
}

/** The method of a raw request, for the reader of its response (a HEAD response has no body). */
export function methodOf(raw: string): string {
  return /^(?:\r\n)*([^ \r\n]*)/.exec(raw)?.[1] ?? "";
}
