// One WebSocket connection after its handshake (RFC 6455 §5–7): frames in, messages out, and
// around them the control frames, the close handshake, the heartbeat and backpressure.
//
//   socket ─► FrameParser ─► control? ─ ping ─► pong, same payload (§5.5.2)
//                 │                   ├ pong ─► heartbeat: alive
//                 │ data              └ close ─► echo its code, close TCP (§5.5.1, §7.1.1)
//                 ▼
//         MessageAssembler ─► unread messages ─► for await (const message of socket) { … }
//                                  past MAX_UNREAD_BYTES: socket paused until the handler reads
//
//   socket ◄─ encodeFrame ◄─ send(data) · ping() · close(code, reason)
//             a peer more than maxBufferedBytes behind is dropped
//
// Its states, as the handler sees them in `state`:
//
//   open ── close frame sent (close(), a protocol error, the peer's close answered), ──► closing ── TCP ──► closed
//           or the peer's TCP gone without one                                                     closed
//
// A protocol error fails the connection (§7.1.7): the close frame carries the error's code
// (1002, 1007, 1009), nothing more from the peer is read, and TCP is closed.
import type { Socket } from "node:net";
import { CloseCode, closePayload, isValidCloseCode, type ProtocolError, parseClosePayload } from "./close-codes.ts";
import { type Frame, MAX_CONTROL_PAYLOAD_BYTES, Opcode } from "./frame.ts";
import { FrameParser } from "./frame-parser.ts";
import { encodeFrame } from "./frame-writer.ts";
import { Heartbeat } from "./heartbeat.ts";
import { type Message, MessageAssembler } from "./message-assembler.ts";
import { MAX_UNREAD_BYTES, type WebSocketOptions } from "./options.ts";

export type WebSocketState = "open" | "closing" | "closed";

/** How the connection ended, as the peer said it. */
export interface CloseInfo {
  /** The code of the peer's close frame: 1005 when it had none, 1006 when none came. */
  readonly code: number;
  readonly reason: string;
}

/** A close frame's reason fits its payload after the 2-byte code. */
const MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD_BYTES - 2;

export class WebSocket implements AsyncIterable<Message> {
  /** Resolves once the TCP connection is closed, however it ended. */
  readonly closed: Promise<CloseInfo>;
  private current: WebSocketState = "open";
  private readonly parser: FrameParser;
  private readonly assembler: MessageAssembler;
  private readonly heartbeat: Heartbeat;
  /** False once nothing more from the peer counts: after its close frame, or a protocol error. */
  private reading = true;
  private closeSent = false;
  private peerClose: CloseInfo | undefined;
  private markClosed: (info: CloseInfo) => void = () => undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private readonly unread: { readonly message: Message; readonly bytes: number }[] = [];
  private unreadBytes = 0;
  private paused = false;
  private readonly readers: (() => void)[] = [];
  /** Settles when the socket's write buffer drains, for every send waiting on it. */
  private drained: Promise<boolean> | undefined;

  /** `head`: bytes the client sent after its handshake, already read from the socket. */
  constructor(
    private readonly socket: Socket,
    head: Buffer,
    private readonly options: WebSocketOptions,
  ) {
    this.parser = new FrameParser(options.maxMessageBytes);
    this.assembler = new MessageAssembler(options.maxMessageBytes);
    this.heartbeat = new Heartbeat(this, options.heartbeatIntervalMs);
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("end", () => this.peerEnded());
    socket.on("close", () => this.finished());
    // ECONNRESET and EPIPE are normal on the internet; without a listener they crash the server.
    socket.on("error", () => {});
    if (socket.destroyed) {
      this.finished();
      return;
    }
    // A message goes out in one write; Nagle's algorithm would hold a small one back.
    socket.setNoDelay(true);
    this.heartbeat.start();
    if (head.length > 0) this.receive(head);
    // The HTTP connection paused the socket while it answered the handshake.
    socket.resume();
  }

  get state(): WebSocketState {
    return this.current;
  }

  /**
   * Sends a text (string) or binary (bytes) message. Resolves once the socket can take more — await
   * it, and a slow peer slows the sender down — to false if the connection is no longer open.
   */
  send(data: string | Uint8Array): Promise<boolean> {
    if (this.current !== "open") return Promise.resolve(false);
    const frame =
      typeof data === "string" ? encodeFrame(Opcode.TEXT, Buffer.from(data, "utf8")) : encodeFrame(Opcode.BINARY, data);
    return this.write(frame);
  }

  /** Pings the peer, which answers with a pong carrying the same payload (at most 125 bytes). */
  ping(payload: Uint8Array = Buffer.alloc(0)): void {
    if (payload.length > MAX_CONTROL_PAYLOAD_BYTES)
      throw new RangeError(`a ping carries at most ${MAX_CONTROL_PAYLOAD_BYTES} bytes (RFC 6455 §5.5)`);
    if (this.current === "open") void this.write(encodeFrame(Opcode.PING, payload));
  }

  /**
   * Starts the close handshake: sends a close frame, reads no more messages, and waits for the
   * peer's close frame — closeTimeoutMs at most — before TCP closes. Does nothing once closing.
   */
  close(code: number = CloseCode.NORMAL, reason = ""): void {
    if (this.closeSent || this.current !== "open") return;
    if (!isValidCloseCode(code))
      throw new RangeError(`${code} is not a close code an endpoint may send (RFC 6455 §7.4)`);
    if (Buffer.byteLength(reason) > MAX_CLOSE_REASON_BYTES)
      throw new RangeError(`a close reason holds at most ${MAX_CLOSE_REASON_BYTES} bytes of UTF-8 (RFC 6455 §5.5)`);
    this.sendClose(code, reason);
    this.closeAfterTimeout();
  }

  /** Drops the connection at once, without a close handshake. */
  terminate(): void {
    this.socket.destroy();
  }

  /** The messages as they arrive, in order; ends once the connection is closing and none is left unread. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Message, void, undefined> {
    for (;;) {
      const next = this.unread.shift();
      if (next) {
        this.unreadBytes -= next.bytes;
        // The handler caught up: let the peer send again.
        if (this.paused && this.unreadBytes < MAX_UNREAD_BYTES) {
          this.paused = false;
          this.socket.resume();
        }
        yield next.message;
      } else if (this.current !== "open") {
        return;
      } else {
        await new Promise<void>((resolve) => this.readers.push(resolve));
      }
    }
  }

  private receive(chunk: Buffer): void {
    if (!this.reading) return;
    try {
      for (const event of this.parser.push(chunk)) {
        if (event.type === "error") return this.fail(event.error);
        this.onFrame(event.frame);
        if (!this.reading) return;
      }
    } catch (error) {
      // A bug on this side, not the peer's: the peer hears 1011 (§7.4.1), the operator the why.
      console.error("a WebSocket frame could not be handled:", error);
      this.fail({ code: CloseCode.INTERNAL_ERROR, reason: "internal error" });
    }
  }

  private onFrame(frame: Frame): void {
    switch (frame.opcode) {
      case Opcode.PING:
        // Answered as soon as practical, with the ping's payload (§5.5.2).
        if (this.current === "open") void this.write(encodeFrame(Opcode.PONG, frame.payload));
        return;
      case Opcode.PONG:
        this.heartbeat.pong();
        return;
      case Opcode.CLOSE:
        return this.onClose(frame.payload);
      default: {
        const assembled = this.assembler.push(frame);
        if (assembled.type === "error") return this.fail(assembled.error);
        // After this end's close frame, messages still in flight from the peer are dropped.
        if (assembled.type === "message" && this.current === "open") this.deliver(assembled.message);
      }
    }
  }

  /** The peer's close frame: the answer to ours, or its own, which we answer with its code (§5.5.1). */
  private onClose(payload: Buffer): void {
    const request = parseClosePayload(payload);
    if (request.type === "error") return this.fail(request.error);
    this.peerClose = { code: request.code, reason: request.reason };
    this.reading = false;
    if (!this.closeSent) this.sendClose(request.code, "");
    // Both close frames are out: the server closes TCP first (§7.1.1).
    this.endTcp();
  }

  /** Fails the connection (§7.1.7): a close frame with the error's code, then TCP closes. */
  private fail(error: ProtocolError): void {
    this.reading = false;
    if (!this.closeSent) this.sendClose(error.code, error.reason);
    this.endTcp();
  }

  private sendClose(code: number, reason: string): void {
    this.closeSent = true;
    void this.write(encodeFrame(Opcode.CLOSE, closePayload(code, reason)));
    this.closing();
  }

  private deliver(message: Message): void {
    const bytes = typeof message.data === "string" ? Buffer.byteLength(message.data) : message.data.length;
    this.unread.push({ message, bytes });
    this.unreadBytes += bytes;
    // The handler has fallen behind: stop reading, and TCP holds the peer back.
    if (!this.paused && this.unreadBytes >= MAX_UNREAD_BYTES) {
      this.paused = true;
      this.socket.pause();
    }
    this.wakeReaders();
  }

  /** Writes a frame; resolves to true once the socket can take more, false if the connection is gone. */
  private write(frame: Buffer): Promise<boolean> {
    if (this.socket.destroyed) return Promise.resolve(false);
    // A peer this far behind is not reading: drop it rather than hold an ever longer backlog.
    if (this.socket.writableLength > this.options.maxBufferedBytes) {
      this.terminate();
      return Promise.resolve(false);
    }
    if (this.socket.write(frame)) return Promise.resolve(true);
    this.drained ??= new Promise((resolve) => {
      const done = (): void => {
        this.socket.off("drain", done);
        this.socket.off("close", done);
        this.drained = undefined;
        resolve(!this.socket.destroyed);
      };
      this.socket.on("drain", done);
      this.socket.on("close", done);
    });
    return this.drained;
  }

  /** The peer closed its side of TCP, with or without a close handshake: nothing more comes. */
  private peerEnded(): void {
    this.reading = false;
    this.closing();
    this.endTcp();
  }

  private endTcp(): void {
    this.socket.end();
    this.closeAfterTimeout();
  }

  /** A peer that does not finish the closing — its close frame, its FIN — is dropped after closeTimeoutMs. */
  private closeAfterTimeout(): void {
    this.closeTimer ??= setTimeout(() => this.socket.destroy(), this.options.closeTimeoutMs);
  }

  private closing(): void {
    if (this.current !== "open") return;
    this.current = "closing";
    this.heartbeat.stop();
    this.wakeReaders();
  }

  private finished(): void {
    if (this.current === "closed") return;
    this.current = "closed";
    this.heartbeat.stop();
    clearTimeout(this.closeTimer);
    this.wakeReaders();
    this.markClosed(this.peerClose ?? { code: CloseCode.ABNORMAL, reason: "" });
  }

  private wakeReaders(): void {
    for (const wake of this.readers.splice(0)) wake();
  }
}
