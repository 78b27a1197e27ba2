// A raw TCP client for checks: send exact bytes, wait for exact bytes, and turn every
// mismatch, hang or crash into a CheckFailure that shows the bytes on both sides.
import { connect, type Socket } from "node:net";
import type { Deadline } from "./budget.ts";
import { CheckFailure, escapeBytes } from "./failure.ts";
import type { LabServer } from "./lab-server.ts";

/** How long a check waits for a reply that a correct server sends at once. */
export const REPLY_TIMEOUT_MS = 2_000;

export interface OpenOptions {
  allowHalfOpen?: boolean;
  /**
   * The deadline of the stage's whole workload (see budget.ts): the client's reads wait until
   * then instead of REPLY_TIMEOUT_MS each, for a stage where many clients are served at once.
   */
  deadline?: Deadline;
}

export class TcpClient {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  /** Everything this client sent, for failure messages that show a whole exchange. */
  private lastSent = "";

  private constructor(
    readonly socket: Socket,
    private readonly server: LabServer | undefined,
    private readonly deadline: Deadline | undefined,
  ) {
    socket.on("data", this.onData);
    socket.on("end", () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on("error", (error) => {
      this.error = error;
      this.wake?.();
    });
    socket.on("close", () => {
      this.ended = true;
      this.wake?.();
    });
  }

  private readonly onData = (chunk: Buffer): void => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.wake?.();
  };

  /** Stops buffering replies, for a check that reads a large stream from the socket itself. */
  takeSocket(): Socket {
    this.socket.off("data", this.onData);
    return this.socket;
  }

  static open(server: LabServer, options: OpenOptions = {}): Promise<TcpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: server.host, port: server.port, allowHalfOpen: options.allowHalfOpen ?? true });
      socket.once("connect", () => resolve(new TcpClient(socket, server, options.deadline)));
      socket.once("error", (error) =>
        reject(
          new CheckFailure(`could not connect to ${server.host}:${server.port}`, {
            kind: server.exitReason() ? "exited" : "check",
            expected: "the server to accept a TCP connection",
            received: server.exitReason() ?? `${error.message}`,
          }),
        ),
      );
    });
  }

  /** Writes bytes and resolves once they are handed to the kernel. */
  send(data: string | Buffer): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
    this.lastSent = bytes.toString("latin1");
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** Sends bytes in pieces of `size`, pausing between them so each arrives as its own TCP segment. */
  async sendInPieces(data: string, size: number, pauseMs = 5): Promise<void> {
    for (let i = 0; i < data.length; i += size) {
      await this.send(data.slice(i, i + size));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    this.lastSent = data;
  }

  /** Closes our sending side (TCP FIN) but keeps reading: a half-close. */
  endWriting(): void {
    this.socket.end();
  }

  close(): void {
    this.socket.destroy();
  }

  /** Bytes received and not yet consumed by a read. */
  pending(): Buffer {
    return this.buffer;
  }

  /** How long a read waits when its caller names no time: until the stage's deadline, or REPLY_TIMEOUT_MS. */
  replyTimeoutMs(): number {
    return this.deadline ? this.deadline.left() : REPLY_TIMEOUT_MS;
  }

  /** Reads one line, up to and including "\n". `awaiting` names it for timeout messages. */
  async readLine(awaiting: string, timeoutMs?: number): Promise<string> {
    await this.waitFor(() => this.buffer.includes(0x0a), awaiting, timeoutMs);
    const end = this.buffer.indexOf(0x0a) + 1;
    const line = this.buffer.subarray(0, end).toString("latin1");
    this.buffer = this.buffer.subarray(end);
    return line;
  }

  /** Reads exactly `count` bytes. */
  async readBytes(count: number, awaiting: string, timeoutMs?: number): Promise<Buffer> {
    await this.waitFor(() => this.buffer.length >= count, awaiting, timeoutMs);
    const bytes = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return bytes;
  }

  /** Sends `request` and expects exactly `reply` as the next line. */
  async roundTrip(request: string, reply: string, hint?: string): Promise<void> {
    await this.send(request);
    await this.expectLine(reply, hint, request);
  }

  async expectLine(reply: string, hint?: string, sent = this.lastSent): Promise<void> {
    const line = await this.readLine(`the reply ${escapeBytes(reply)}`);
    if (line !== reply) {
      throw new CheckFailure("the server's reply differs from the spec", {
        sent: escapeBytes(sent),
        expected: escapeBytes(reply),
        received: escapeBytes(line),
        ...(hint ? { hint } : {}),
      });
    }
  }

  /** Expects the next line to start with `prefix` (for replies whose tail is free text). */
  async expectLinePrefix(prefix: string, hint?: string): Promise<void> {
    const line = await this.readLine(`a line starting with ${escapeBytes(prefix)}`);
    if (!line.startsWith(prefix)) {
      throw new CheckFailure("the server's reply differs from the spec", {
        sent: escapeBytes(this.lastSent),
        expected: `${escapeBytes(prefix)}…`,
        received: escapeBytes(line),
        ...(hint ? { hint } : {}),
      });
    }
  }

  /** Expects the server to close the connection, with nothing more sent before. */
  async expectClosed(awaiting: string, timeoutMs?: number): Promise<void> {
    await this.waitFor(() => this.ended, awaiting, timeoutMs, { allowEnd: true });
    if (this.buffer.length > 0) {
      throw new CheckFailure("the server sent more bytes before closing", {
        sent: escapeBytes(this.lastSent),
        expected: "the connection to close with nothing more sent",
        received: escapeBytes(this.buffer),
      });
    }
  }

  /** True once the server has closed its side. */
  isClosed(): boolean {
    return this.ended;
  }

  private async waitFor(
    ready: () => boolean,
    awaiting: string,
    timeoutMs: number | undefined,
    options: { allowEnd?: boolean } = {},
  ): Promise<void> {
    const limit = timeoutMs ?? this.replyTimeoutMs();
    const deadline = Date.now() + limit;
    while (!ready()) {
      if (this.server?.exitReason()) {
        throw new CheckFailure("the server process died", {
          kind: "exited",
          sent: escapeBytes(this.lastSent),
          expected: awaiting,
          received: this.server.exitReason()!,
        });
      }
      if (!options.allowEnd && (this.ended || this.error)) {
        throw new CheckFailure(`the server closed the connection while the check was waiting for ${awaiting}`, {
          sent: escapeBytes(this.lastSent),
          expected: awaiting,
          received: `${this.buffer.length ? escapeBytes(this.buffer) + " then " : ""}${this.error ? `a socket error (${this.error.message})` : "the connection closed"}`,
        });
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new CheckFailure(
          timeoutMs === undefined && this.deadline
            ? `still waiting for ${awaiting} when the stage's ${this.deadline.describe()} budget ran out`
            : `timed out after ${limit} ms waiting for ${awaiting}`,
          {
            kind: "timeout",
            sent: escapeBytes(this.lastSent),
            expected: awaiting,
            received: this.buffer.length ? `only ${escapeBytes(this.buffer)}` : "nothing",
          },
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
