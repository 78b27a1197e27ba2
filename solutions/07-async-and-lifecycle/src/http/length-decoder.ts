// A body of Content-Length bytes (RFC 9112 §6.2): take exactly that many, not one more.
import { BodyBuffer, type BodyDecoder, type BodySink, type DecodeResult } from "./body-decoder.ts";

export class LengthDecoder implements BodyDecoder {
  private remaining: number;

  /** `body`: where the bytes go; a buffer that keeps the whole body unless told otherwise. */
  constructor(
    length: number,
    private readonly body: BodySink = new BodyBuffer(length),
  ) {
    this.remaining = length;
  }

  push(chunk: Uint8Array): DecodeResult {
    const used = Math.min(this.remaining, chunk.length);
    this.body.append(chunk.subarray(0, used));
    this.remaining -= used;
    if (this.remaining > 0) return { type: "more" };
    return { type: "done", used, body: this.body.contents(), trailers: [] };
  }
}
