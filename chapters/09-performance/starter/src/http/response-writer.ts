// Turns a response into the bytes of an HTTP/1.1 message (RFC 9112 §4–7): status line, field
// lines, an empty line, then the body — framed by Content-Length when it is all in memory, by
// the chunked coding when it is produced piece by piece.
import { isFieldValueByte, isTchar } from "./char-classes.ts";
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

/** The fields a handler must leave to the writer: framing is decided in one place only. */
const WRITER_FIELDS = new Set(["content-length", "transfer-encoding", "date"]);

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
  // TODO(09): one buffer, one copy. Today the body is copied into a Buffer, the head is built as
  // a Buffer of its own, and Buffer.concat() copies both into a third. Instead: take the body's
  // length in bytes (Buffer.byteLength for a string), build the head text with headText(), then
  // Buffer.allocUnsafe(head.length + bodyLength) and write the head (latin1) and the body (utf8,
  // or set() for bytes) into it. HEAD (omitBody) still gets the body's Content-Length.
  const body = toBytes(response.body);
  // Content-Length is the size of the body a GET would get, even when HEAD omits it (RFC 9110 §8.6).
  const head = serializeHead(response, { kind: "length", length: body.length });
  return options.omitBody ? head : Buffer.concat([head, body]);
}

/**
 * The whole response as one string, when it can go out that way: a text body in memory behind a
 * head of ASCII only (a header value may carry obs-text, latin1 bytes that UTF-8 would encode
 * differently). Node hands a string to the kernel without a Buffer of ours in between: no
 * allocation, no copy — for the small text responses most APIs send, the cheapest write there is.
 */
export function serializeText(response: FixedResponse, options: WriteOptions): string | undefined {
  const { body } = response;
  if (typeof body !== "string" || endsWithHead(response.status)) return undefined;
  const head = headText(response, { kind: "length", length: Buffer.byteLength(body, "utf8") });
  if (!ASCII.test(head)) return undefined;
  return options.omitBody ? head : head + body;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Statuses whose response never has a body, whatever the request. */
export function endsWithHead(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/** The status line and header section, with Date and the framing field added. */
export function serializeHead(response: HttpResponse, framing: ResponseFraming): Buffer {
  return Buffer.from(headText(response, framing), "latin1");
}

/** The head as latin1 text: status line, the handler's fields, Date, the framing field, an empty line. */
function headText(response: HttpResponse, framing: ResponseFraming): string {
  // Whoever calls the writer, nothing unsafe leaves it.
  checkHeaders(response.headers);
  // TODO(09): one string, grown with +=, instead of an array of lines joined; and the Date from
  // currentHttpDate() (date-cache.ts), the same text for a whole second, instead of a Date
  // made and formatted for every response.
  const lines = [`HTTP/1.1 ${response.status} ${reasonPhrase(response.status)}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  // An origin server with a clock MUST send Date in 2xx, 3xx and 4xx responses (RFC 9110 §6.6.1).
  lines.push(`Date: ${new Date().toUTCString()}`);
  if (framing.kind === "length") lines.push(`Content-Length: ${framing.length}`);
  if (framing.kind === "chunked") lines.push("Transfer-Encoding: chunked");
  return lines.join("\r\n") + "\r\n\r\n";
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
  for (const [name, value] of headers) {
    // TODO(09): one anchored regular expression for a name (a token, RFC 9110 §5.1) and one for a
    // value (visible bytes, obs-text, SP and HTAB: RFC 9110 §5.5), each tested on the whole string,
    // instead of an array of characters made for every name and value of every response.
    const nameOk = name.length > 0 && [...name].every((ch) => isTchar(ch.charCodeAt(0)));
    const valueOk = [...value].every((ch) => ch.charCodeAt(0) <= 0xff && isFieldValueByte(ch.charCodeAt(0)));
    if (!nameOk || !valueOk)
      throw new TypeError(`refusing to write the header field ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
    if (WRITER_FIELDS.has(name.toLowerCase()))
      throw new TypeError(`refusing the header field ${name}: the response writer sets it`);
  }
}
