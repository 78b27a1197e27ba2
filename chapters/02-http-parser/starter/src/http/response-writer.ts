// Turns a response into the bytes of an HTTP/1.1 message (RFC 9112 §4–6): status line,
// field lines, an empty line, then the body, framed by Content-Length.

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

/**
 * "HTTP/1.1 <status> <reason>\r\n", each field "Name: value\r\n", then Date (RFC 9110 §6.6.1)
 * and Content-Length, "\r\n", and the body unless omitBody. Throws on a header name that is not
 * a token or a value with CR, LF or another control byte: that would split the response.
 */
export function serializeResponse(response: HttpResponse, options: WriteOptions): Buffer {
  // TODO(02): build the response bytes (status-codes.ts: reasonPhrase; char-classes.ts for checks).
  throw new Error(
    `TODO(02): serializeResponse is not implemented (status ${response.status}, omitBody ${options.omitBody})`,
  );
}
