// TCP delivers a byte stream, not messages: one `data` event may hold half a command or ten
// of them. The splitter buffers bytes until a "\n" arrives and hands back whole lines.

export class LineTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`line longer than ${limit} bytes`);
  }
}

export class LineSplitter {
  constructor(private readonly maxLineBytes: number) {}

  /**
   * Adds a chunk and returns every line it completes, without its "\n" or "\r\n".
   * Throws LineTooLongError once more than maxLineBytes wait for their "\n".
   */
  push(chunk: Buffer): string[] {
    // TODO(01): cut out every complete line; keep the rest for the next chunk (README: Framing).
    throw new Error(
      `TODO(01): LineSplitter.push is not implemented (got ${chunk.length} bytes, limit ${this.maxLineBytes})`,
    );
  }

  /** At end of input, an unterminated last line still counts as a line. */
  finish(): string | undefined {
    // TODO(01): return what is left in the buffer as a last line, if anything.
    throw new Error("TODO(01): LineSplitter.finish is not implemented");
  }
}
