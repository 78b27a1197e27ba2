// A whole request, as the application sees it: the head, and the body once all of it is in.
import type { HeaderField, RequestHead } from "./request-head.ts";

export interface HttpRequest {
  /** Method, target, version and header fields (names lower-case), as chapter 02 parsed them. */
  readonly head: RequestHead;
  /** The whole decoded body: Content-Length bytes, or the chunks with their framing removed. Empty if none. */
  readonly body: Uint8Array;
  /** The trailer fields after a chunked body (RFC 9112 §7.1.2); [] otherwise. Never merged into head.headers. */
  readonly trailers: readonly HeaderField[];
}
