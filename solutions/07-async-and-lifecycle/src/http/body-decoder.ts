// What reading a body gives back, whichever way it is framed. A decoder is fed the bytes after
// a head, chunk by chunk as TCP delivers them, and says when — and after how many bytes of the
// last chunk — the body is complete. The bytes after that belong to the next request.
import type { HeaderField, ParseError } from "./request-head.ts";

export type DecodeResult =
  /** Every byte given was part of the body, and more is needed. */
  | { readonly type: "more" }
  /** The body is complete after the first `used` bytes of the chunk. */
  | {
      readonly type: "done";
      readonly used: number;
      readonly body: Uint8Array;
      readonly trailers: readonly HeaderField[];
    }
  /** The body is malformed or too large: the connection must answer and close. */
  | { readonly type: "error"; readonly error: ParseError };

export interface BodyDecoder {
  push(chunk: Uint8Array): DecodeResult;
}

/**
 * Where a decoder puts the bytes of a body. A BodyBuffer keeps them all, for a reader that
 * hands out whole requests; a streamed body passes each piece on as it arrives (chapter 07).
 */
export interface BodySink {
  append(data: Uint8Array): void;
  /** What the sink kept: the whole body, or nothing when it passed the pieces on. */
  contents(): Uint8Array;
}

/** The first room a body buffer makes: most bodies fit, and it is small next to a socket chunk. */
const INITIAL_CAPACITY = 4 * 1024;

/**
 * The bytes of a body as they arrive, in one buffer that doubles when full. A list of the
 * pieces would cost an object per piece — about a hundred bytes each — so a body sent as
 * one-byte chunks would take a hundred times its size; this takes at most twice. And the room
 * grows with what has arrived, never with what a head announces: a client that declares 1 MiB
 * and sends nothing costs nothing.
 */
export class BodyBuffer implements BodySink {
  private bytes = Buffer.alloc(0);
  private length = 0;

  /** `limit`: the most bytes this body can have, so the buffer never grows past it. */
  constructor(private readonly limit: number) {}

  append(data: Uint8Array): void {
    const needed = this.length + data.length;
    if (needed > this.bytes.length) {
      const grown = Buffer.alloc(
        Math.max(needed, Math.min(this.limit, Math.max(this.bytes.length * 2, INITIAL_CAPACITY))),
      );
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.bytes.set(data, this.length);
    this.length = needed;
  }

  /** The body so far, without the unused room. */
  contents(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}
