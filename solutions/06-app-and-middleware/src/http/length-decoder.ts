// A body of Content-Length bytes (RFC 9112 §6.2): take exactly that many, not one more.
import type { BodyDecoder, DecodeResult } from "./body-decoder.ts";

export class LengthDecoder implements BodyDecoder {
  private readonly pieces: Buffer[] = [];
  private remaining: number;

  constructor(length: number) {
    this.remaining = length;
  }

  push(chunk: Uint8Array): DecodeResult {
    const used = Math.min(this.remaining, chunk.length);
    // A copy: holding a slice would keep the whole socket chunk (up to 64 KiB) alive.
    this.pieces.push(Buffer.from(chunk.subarray(0, used)));
    this.remaining -= used;
    if (this.remaining > 0) return { type: "more" };
    return { type: "done", used, body: Buffer.concat(this.pieces), trailers: [] };
  }
}
