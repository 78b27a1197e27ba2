// Turns a response into the bytes of an HTTP/1.1 message (RFC 9112 §4–6): status line,
// field lines, an empty line, then the body, framed by Content-Length.
import { isFieldValueByte, isTchar } from "./char-classes.ts";
import { reasonPhrase } from "./status-codes.ts";

export interface HttpResponse {
  readonly status: number;
  /** Field lines in order, without Content-Length and Date: the writer adds those. */
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly body: string | Uint8Array;
}

export interface WriteOptions {
  /** A response to HEAD carries the headers of the GET response but no body (RFC 9110 §9.3.2). */
  readonly omitBody: boolean;
}

export function serializeResponse(response: HttpResponse, options: WriteOptions): Buffer {
  const body = typeof response.body === "string" ? Buffer.from(response.body, "utf8") : Buffer.from(response.body);
  const lines = [`HTTP/1.1 ${response.status} ${reasonPhrase(response.status)}`];
  for (const [name, value] of response.headers) {
    assertField(name, value);
    lines.push(`${name}: ${value}`);
  }
  // An origin server with a clock MUST send Date in 2xx, 3xx and 4xx responses (RFC 9110
  // §6.6.1); toUTCString() produces its IMF-fixdate format.
  lines.push(`Date: ${new Date().toUTCString()}`);
  // Content-Length is the size of the body a GET would get, even when HEAD omits it (RFC 9110 §8.6).
  lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1");
  return options.omitBody ? head : Buffer.concat([head, body]);
}

/**
 * A CR or LF in a header value would end the field line early and let whoever chose the value
 * write their own headers — or a whole second response (response splitting, RFC 9110 §5.5).
 */
function assertField(name: string, value: string): void {
  const nameOk = name.length > 0 && [...name].every((ch) => isTchar(ch.charCodeAt(0)));
  const valueOk = [...value].every((ch) => ch.charCodeAt(0) <= 0xff && isFieldValueByte(ch.charCodeAt(0)));
  if (!nameOk || !valueOk)
    throw new TypeError(`refusing to write the header field ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
}
