// Turns a response into the bytes of an HTTP/1.1 message (RFC 9112 §4–7): status line, field
// lines, an empty line, then the body — framed by Content-Length when it is all in memory, by
// the chunked coding when it is produced piece by piece.
import { currentHttpDate } from "./date-cache.ts";
import { reasonPhrase } from "./status-codes.ts";

/** A body produced piece by piece: its length is unknown when the head is sent. */
export type StreamedBody = AsyncIterable<string | Uint8Array>;

/**
 * A body produced piece by piece whose length is known before the first piece — a file: it is
 * framed by Content-Length, like a body in memory, so the client knows how much is coming.
 */
export interface SizedBody extends StreamedBody {
  readonly byteLength: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Field lines in order, without Content-Length, Transfer-Encoding and Date: the writer adds those. */
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly body: string | Uint8Array | StreamedBody;
}

/** A response whose whole body is in memory. */
export interface FixedResponse extends HttpResponse {
  readonly body: string | Uint8Array;
}

export interface WriteOptions {
  /** A response to HEAD carries the headers of the GET response but no body (RFC 9110 §9.3.2). */
  readonly omitBody: boolean;
}

/** How the body of a response is delimited (RFC 9112 §6.3). */
export type ResponseFraming =
  | { readonly kind: "length"; readonly length: number }
  /** Chunks, for an HTTP/1.1 client (RFC 9112 §7.1). */
  | { readonly kind: "chunked" }
  /** No framing field: the body ends when the connection closes — all HTTP/1.0 knows (RFC 9112 §6.3, rule 8). */
  | { readonly kind: "close" }
  /** No body at all: 1xx, 204, 304. */
  | { readonly kind: "none" };

/** field-name = token (RFC 9110 §5.1). One regular expression per field is cheaper than a loop over its characters. */
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** field-value (RFC 9110 §5.5): visible bytes, obs-text, SP and HTAB — never CR, LF, NUL or another control. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The fields a handler must leave to the writer: framing is decided in one place only. */
const WRITER_FIELDS = new Set(["content-length", "transfer-encoding", "date"]);
const WRITER_FIELD_LENGTHS = new Set([...WRITER_FIELDS].map((name) => name.length));

export function isStreamed(body: HttpResponse["body"]): body is StreamedBody {
  return typeof body !== "string" && !(body instanceof Uint8Array);
}

export function isSized(body: AsyncIterable<unknown>): body is SizedBody {
  return typeof (body as Partial<SizedBody>).byteLength === "number";
}

/** `stream`, which passes on the pieces of `body`, with the length of `body` when it has one. */
export function keepLength<S extends StreamedBody>(stream: S, body: AsyncIterable<unknown>): S {
  return isSized(body) ? Object.assign(stream, { byteLength: body.byteLength }) : stream;
}

export function toBytes(data: string | Uint8Array): Buffer {
  return typeof data === "string"
    ? Buffer.from(data, "utf8")
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export function serializeResponse(response: FixedResponse, options: WriteOptions): Buffer {
  // 1xx, 204 and 304 end with their header section (RFC 9110 §15.3.5, §15.4.5): no body, and
  // no Content-Length, which a server MUST NOT send with 1xx or 204 (RFC 9110 §8.6).
  if (endsWithHead(response.status)) return serializeHead(response, { kind: "none" });
  const { body } = response;
  const bodyLength = typeof body === "string" ? Buffer.byteLength(body, "utf8") : body.byteLength;
  // Content-Length is the size of the body a GET would get, even when HEAD omits it (RFC 9110 §8.6).
  const head = headText(response, { kind: "length", length: bodyLength });
  if (options.omitBody) return Buffer.from(head, "latin1");
  // Head and body in one buffer: one write, one system call, and on a small response one
  // packet, where two writes could meet Nagle's algorithm and the client's delayed ACK.
  const bytes = Buffer.allocUnsafe(head.length + bodyLength);
  bytes.write(head, 0, "latin1");
  if (typeof body === "string") bytes.write(body, head.length, "utf8");
  else bytes.set(body, head.length);
  return bytes;
}

/**
 * The whole response as one string, when it can go out that way: a text body in memory behind a
 * head of ASCII only (a header value may carry obs-text, latin1 bytes that UTF-8 would encode
 * differently). Node hands a string to the kernel without a Buffer of ours in between: no
 * allocation, no copy — for the small text responses most APIs send, the cheapest write there is.
 */
export function serializeText(response: FixedResponse, options: WriteOptions): string | undefined {
  const { body } = response;
  if (typeof body !== "string" || endsWithHead(response.status) || !asciiValues(response.headers)) return undefined;
  const head = headText(response, { kind: "length", length: Buffer.byteLength(body, "utf8") });
  return options.omitBody ? head : head + body;
}

/**
 * Whether every field value is ASCII. The rest of the head is ASCII by construction (status
 * line, token names, Date, digits): testing the values alone spares a pass over the whole head,
 * which would first have to copy the pieces it was built from into one string.
 */
function asciiValues(headers: HttpResponse["headers"]): boolean {
  for (let i = 0; i < headers.length; i++) if (NON_ASCII.test(headers[i]![1])) return false;
  return true;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Statuses whose response never has a body, whatever the request. */
export function endsWithHead(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/** The status line and header section, with Date and the framing field added. */
export function serializeHead(response: HttpResponse, framing: ResponseFraming): Buffer {
  return Buffer.from(headText(response, framing), "latin1");
}

/** The head as latin1 text, built with one string: concatenation is cheaper than an array joined. */
function headText(response: HttpResponse, framing: ResponseFraming): string {
  // Whoever calls the writer, nothing unsafe leaves it: the fields are checked here, unless
  // they are the very list checkHeaders() passed last, just before (the connection checks a
  // handler's fields first, to answer 500 rather than fail mid-write).
  if (response.headers !== justChecked) checkHeaders(response.headers);
  justChecked = undefined;
  let text = statusLine(response.status);
  const { headers } = response;
  for (let i = 0; i < headers.length; i++) text += `${headers[i]![0]}: ${headers[i]![1]}\r\n`;
  // An origin server with a clock MUST send Date in 2xx, 3xx and 4xx responses (RFC 9110
  // §6.6.1): the same text for a whole second (date-cache.ts).
  text += `Date: ${currentHttpDate()}\r\n`;
  if (framing.kind === "length") text += `Content-Length: ${framing.length}\r\n`;
  else if (framing.kind === "chunked") text += "Transfer-Encoding: chunked\r\n";
  return `${text}\r\n`;
}

/** Status lines already built, by status: a handful of statuses answer nearly every request. */
const STATUS_LINES = new Map<number, string>();

function statusLine(status: number): string {
  let line = STATUS_LINES.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n`;
    // Statuses are three digits (RFC 9110 §15): the map stays small whatever handlers return.
    if (status >= 100 && status <= 999) STATUS_LINES.set(status, line);
  }
  return line;
}

/** One chunk (RFC 9112 §7.1): its size in hex, CRLF, the data, CRLF. Never call it with no data: size 0 ends the body. */
export function chunkFrame(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, "latin1"), data, CRLF]);
}

/** The last chunk and the empty trailer section that end a chunked body. */
export const LAST_CHUNK = Buffer.from("0\r\n\r\n", "latin1");

const CRLF = Buffer.from("\r\n", "latin1");

/**
 * Refuses fields the writer cannot send safely. A CR or LF in a value would end the field line
 * early and let whoever chose the value write their own headers — or a whole second response
 * (response splitting, RFC 9110 §5.5). A framing field set by the application next to the one
 * the writer adds would give the client two lengths to choose from.
 */
export function checkHeaders(headers: HttpResponse["headers"]): void {
  justChecked = undefined;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]![0];
    const value = headers[i]![1];
    if (!FIELD_VALUE.test(value) || (!ALLOWED_NAMES.has(name) && !isAllowedName(name)))
      throw new TypeError(`refusing to write the header field ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  }
  justChecked = headers;
}

/**
 * The field list checkHeaders() passed last, until the writer takes it: checked once, not twice
 * per response. Only the writer's next head may rely on it — it forgets it at once — so a list
 * changed later, for a later response, is checked again.
 */
let justChecked: HttpResponse["headers"] | undefined;

/**
 * Names already found to be tokens the writer lets a handler set. An application sends the
 * same few names on every response: each is checked once, then found in the set. Bounded, for
 * names can come from requests too.
 */
const ALLOWED_NAMES = new Set<string>();
const MAX_ALLOWED_NAMES = 256;

function isAllowedName(name: string): boolean {
  if (!FIELD_NAME.test(name)) return false;
  // Only names of these lengths can be one of them: no lower-cased copy of every other name.
  if (WRITER_FIELD_LENGTHS.has(name.length) && WRITER_FIELDS.has(name.toLowerCase()))
    throw new TypeError(`refusing the header field ${name}: the response writer sets it`);
  if (ALLOWED_NAMES.size < MAX_ALLOWED_NAMES) ALLOWED_NAMES.add(name);
  return true;
}
