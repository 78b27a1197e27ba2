// Whole requests out of a byte stream: the head parser of chapter 02 reads up to the end of a
// head, the head says how the body is framed, a body decoder reads exactly that body, and what
// is left is the next request. Plain events come out; the reader never touches a socket.
//
//   bytes ─► RequestParser ─head─► bodyFraming ─► LengthDecoder / ChunkedDecoder ─body─► "request"
//                ▲                                                                         │
//                └──────────────────────── the bytes after the body ───────────────────────┘
import type { HttpRequest } from "./request.ts";
import type { ParseError, RequestHead } from "./request-head.ts";

export type RequestEvent =
  /** The first byte of a request line arrived: a request is now in progress. */
  | { readonly type: "message-begin" }
  /** A head whose body can be framed. `expectsContinue`: the client waits for 100 Continue before sending its body. */
  | { readonly type: "head"; readonly head: RequestHead; readonly expectsContinue: boolean }
  /** A whole request, body and trailers included: ready for the handler. */
  | { readonly type: "request"; readonly request: HttpRequest }
  /** The bytes are not a request this server accepts; the reader stops here for good. */
  | { readonly type: "error"; readonly error: ParseError };

export class RequestReader {
  constructor(private readonly maxBodyBytes: number) {}

  /** Feeds the next bytes of the connection and returns the events they complete, in order. */
  push(chunk: Uint8Array): RequestEvent[] {
    // TODO(04): alternate between heads and bodies over the same chunk (README: Content-Length,
    // Limits, Expect: 100-continue):
    //   - no body in progress: parser.pushUntilHead(rest) (request-parser.ts) reads up to the
    //     end of one head and says how many bytes it used; pass on message-begin and errors;
    //   - on a head: bodyFraming(head) and expectsContinue(head) (expectation.ts) may refuse
    //     it; a Content-Length over this.maxBodyBytes → 413 at once. Emit "head", then either
    //     "request" with an empty body, or start a LengthDecoder / ChunkedDecoder;
    //   - a body in progress: decoder.push(rest); on "done", emit "request" and carry on with
    //     the bytes after `used`;
    //   - after an error, ignore all input.
    throw new Error(
      `TODO(04): RequestReader.push is not implemented (${chunk.length} bytes; limit ${this.maxBodyBytes})`,
    );
  }

  /** The client closed its side. A request cut off in its head or body is an error; none at all is not. */
  finish(): RequestEvent[] {
    // TODO(04): a body in progress → error 400; otherwise pass on the parser's finish() errors.
    throw new Error("TODO(04): RequestReader.finish is not implemented");
  }
}
