// The chunked transfer coding (RFC 9112 §7.1), decoded incrementally: a state machine fed
// whatever TCP delivers, so the result is the same however the bytes are cut.
//
//   chunked-body = *chunk last-chunk trailer-section CRLF
//   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//   last-chunk   = 1*("0") [ chunk-ext ] CRLF
//
// Every byte that is not exactly where the grammar puts it is an error: a decoder that guesses
// (a bare LF, a space inside a size, data longer than announced) reads a different body from
// the one the proxy in front of it read, and the difference is a smuggled request.
import type { BodyDecoder, DecodeResult } from "./body-decoder.ts";

export class ChunkedDecoder implements BodyDecoder {
  constructor(private readonly maxBodyBytes: number) {}

  /**
   * Reads the next bytes of a chunked body. Returns "more" when every byte was part of the
   * body, "done" with the number of bytes `used` once the empty line after the trailers has
   * been read, or "error" with the status to answer.
   */
  push(chunk: Uint8Array): DecodeResult {
    // TODO(04): a state machine like the head parser's (README: Chunked, Extensions and
    // trailers, Limits), one byte at a time except for chunk data, which is copied in slices
    // into one BodyBuffer (body-decoder.ts), never kept as a Buffer per chunk:
    //   size (HEXDIG, overflow past MAX_CHUNK_SIZE → 400) → optional ";name=value" extensions
    //   (token or quoted-string, BWS allowed, at most MAX_CHUNK_EXTENSION_BYTES → 413) → CRLF
    //   → data → CRLF → the next size; size 0 → trailer lines (checkFieldLine, limits of the
    //   head → 431) until an empty line. Bare LF or CR anywhere → 400. The sizes so far
    //   passing this.maxBodyBytes → 413, before that chunk's data is read.
    throw new Error(
      `TODO(04): ChunkedDecoder.push is not implemented (${chunk.length} bytes; limit ${this.maxBodyBytes})`,
    );
  }
}
