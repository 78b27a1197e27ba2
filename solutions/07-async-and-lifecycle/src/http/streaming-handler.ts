// What a streaming application is to the server: a function called as soon as a request's head
// has arrived, which reads the body while it comes in — or not at all, if it needs none of it.
// Chapter 04's Handler, called with whole requests, runs on top of it (wholeBodies).
import { BodyBuffer } from "./body-decoder.ts";
import type { BodyStream } from "./body-stream.ts";
import type { Handler } from "./handler.ts";
import type { RequestHead } from "./request-head.ts";
import type { HttpResponse } from "./response-writer.ts";

export interface StreamedRequest {
  /** Method, target, version and header fields (names lower-case). */
  readonly head: RequestHead;
  /** The body, piece by piece as it arrives; ends at once when there is none. It can be read once. */
  readonly body: BodyStream;
  /** Aborted when the client goes away — it closes its side or the connection breaks — before the response is sent. */
  readonly signal: AbortSignal;
  /** Settles once the response is written to the socket, or can no longer be. Never rejects. */
  readonly sent: Promise<void>;
}

/** Called once per request, in the order the requests came; may answer before reading the whole body. */
export type StreamingHandler = (request: StreamedRequest) => HttpResponse | Promise<HttpResponse>;

/** A Handler of whole requests, as a streaming one: it reads each body to its end, then calls the handler. */
export function wholeBodies(handler: Handler, maxBodyBytes: number): StreamingHandler {
  return async ({ head, body }) => {
    const buffer = new BodyBuffer(maxBodyBytes);
    for await (const piece of body) buffer.append(piece);
    return handler({ head, body: buffer.contents(), trailers: body.trailers });
  };
}
