// What reading a body gives back, whichever way it is framed. A decoder is fed the bytes after
// a head, chunk by chunk as TCP delivers them, and says when — and after how many bytes of the
// last chunk — the body is complete. The bytes after that belong to the next request.
import type { HeaderField, ParseError } from "./request-head.ts";

export type DecodeResult =
  /** Every byte given was part of the body, and more is needed. */
  | { readonly type: "more" }
  /** The body is complete after the first `used` bytes of the chunk. */
  | { readonly type: "done"; readonly used: number; readonly body: Uint8Array; readonly trailers: readonly HeaderField[] }
  /** The body is malformed or too large: the connection must answer and close. */
  | { readonly type: "error"; readonly error: ParseError };

export interface BodyDecoder {
  push(chunk: Uint8Array): DecodeResult;
}
