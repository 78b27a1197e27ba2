// TCP delivers a byte stream, not messages: one `data` event may hold half a command or ten
// of them. The splitter buffers bytes until a "\n" arrives and hands back whole lines.

const LF = 0x0a;
const CR = 0x0d;

export class LineTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`line longer than ${limit} bytes`);
  }
}

export class LineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxLineBytes: number) {}

  /**
   * Adds a chunk and returns every line it completes, without its "\n" or "\r\n".
   * Lines are decoded as UTF-8 only once complete: a multi-byte character split across two
   * chunks would be garbled if each chunk were decoded on its own.
   */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let newline = buffer.indexOf(LF);
    while (newline !== -1) {
      if (newline > this.maxLineBytes) throw new LineTooLongError(this.maxLineBytes);
      lines.push(decodeLine(buffer.subarray(0, newline)));
      buffer = buffer.subarray(newline + 1);
      newline = buffer.indexOf(LF);
    }
    if (buffer.length > this.maxLineBytes) throw new LineTooLongError(this.maxLineBytes);
    // Copy the remainder so the (possibly large) chunk it points into can be freed.
    this.pending = Buffer.from(buffer);
    return lines;
  }

  /** At end of input, an unterminated last line still counts as a line. */
  finish(): string | undefined {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length > 0 ? decodeLine(rest) : undefined;
  }
}

/** Accepts "\r\n" as well as "\n": telnet and nc on some systems send CRLF. */
function decodeLine(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  return bytes.toString("utf8", 0, end);
}
