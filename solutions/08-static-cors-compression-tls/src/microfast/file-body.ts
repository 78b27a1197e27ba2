// A file, or a byte range of it, as a response body: read from disk piece by piece while the
// connection sends it, never held whole in memory. Its length is known from stat() before the
// first byte is read, so the response is framed by Content-Length (response-writer.ts).
//
// The file is opened only when the connection starts reading the body, and closed however the
// reading ends — the last byte, a client that left, an error. A response to HEAD never reads
// its body, so it never opens the file.
import { createReadStream } from "node:fs";
import type { SizedBody } from "../http/response-writer.ts";

/** How much is read from disk at a time: fs streams' own default. */
const READ_CHUNK_BYTES = 64 * 1024;

export class FileBody implements SizedBody {
  readonly byteLength: number;

  /** The bytes first…last of the file at `path`, both included, as in a Range (RFC 9110 §14.1.2). */
  constructor(
    private readonly path: string,
    private readonly first: number,
    private readonly last: number,
  ) {
    this.byteLength = last - first + 1;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.byteLength === 0) return;
    const stream = createReadStream(this.path, { start: this.first, end: this.last, highWaterMark: READ_CHUNK_BYTES });
    try {
      // Each piece is yielded when the connection asks for the next one, and the connection asks
      // only once the socket has taken the last: a slow client slows the reading down.
      for await (const piece of stream) yield piece as Buffer;
    } finally {
      stream.destroy();
    }
  }
}
