// Chapter 10's own WebSocket clients, written apart from the code under grade:
//
// - RawSocket: a TCP client that performs the handshake, sends exact frames (masked or not,
//   split at any byte, with any header bits) and reads the server's frames strictly — unmasked,
//   no RSV bits, the length in the fewest bytes (RFC 6455 §5.1, §5.2);
// - Peer: the `ws` package, the WebSocket client most Node programs use, as a real peer that
//   checks the server's side of the protocol on its own.
//
// Every failure is a CheckFailure that shows the bytes sent and received.
import { createHash } from "node:crypto";
import WebSocket from "ws";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { header, type ReceivedResponse, readResponse, showResponse } from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, seededRandom } from "../../../shared/check/random.ts";
import { REPLY_TIMEOUT_MS, TcpClient } from "../../../shared/check/tcp-client.ts";

/** The app every stage talks to (tests/apps/websocket.ts). */
export const WEBSOCKET_APP = checkApp("websocket");

export const OP = { CONTINUATION: 0x0, TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xa } as const;

const OPCODE_NAMES: Record<number, string> = {
  0: "continuation",
  1: "text",
  2: "binary",
  8: "close",
  9: "ping",
  10: "pong",
};

export function opcodeName(opcode: number): string {
  return OPCODE_NAMES[opcode] ?? `opcode 0x${opcode.toString(16)}`;
}

/** Sec-WebSocket-Accept as RFC 6455 §4.2.2 defines it, computed here, apart from the server. */
export function expectedAccept(key: string): string {
  return createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
}

/** Masking keys and handshake keys: seeded, so every run sends the same bytes. */
const random = seededRandom(checkSeed());

export function randomBytes(length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

export function randomKey(): string {
  return randomBytes(16).toString("base64");
}

export interface FrameOptions {
  /** Default true. */
  readonly fin?: boolean;
  /** RSV1–3 as a number 0–7. Default 0. */
  readonly rsv?: number;
  /** Default true: a client MUST mask (§5.1). */
  readonly mask?: boolean;
}

/** A frame as a client sends it: masked with a fresh key, the length in the fewest bytes. */
export function clientFrame(opcode: number, payload: string | Buffer = "", options: FrameOptions = {}): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const masked = options.mask ?? true;
  const key = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = masked ? Buffer.from(data.map((byte, i) => byte ^ key[i % 4]!)) : data;
  return Buffer.concat([frameHeader(opcode, data.length, options), key, body]);
}

/** A frame's first bytes up to its length field, declaring `length` — for frames whose payload never comes. */
export function frameHeader(opcode: number, length: number | bigint, options: FrameOptions = {}): Buffer {
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode;
  const maskBit = (options.mask ?? true) ? 0x80 : 0;
  const size = BigInt(length);
  if (size <= 125n) return Buffer.from([first, maskBit | Number(size)]);
  if (size <= 0xffffn) {
    const head = Buffer.from([first, maskBit | 126, 0, 0]);
    head.writeUInt16BE(Number(size), 2);
    return head;
  }
  const head = Buffer.alloc(10);
  head[0] = first;
  head[1] = maskBit | 127;
  head.writeBigUInt64BE(size, 2);
  return head;
}

/** A close frame's payload: the code, big-endian, and the reason. */
export function closeBody(code: number, reason: string | Buffer = ""): Buffer {
  const code16 = Buffer.alloc(2);
  code16.writeUInt16BE(code);
  return Buffer.concat([code16, typeof reason === "string" ? Buffer.from(reason, "utf8") : reason]);
}

/** A frame the server sent, as it came. */
export interface ServerFrame {
  readonly fin: boolean;
  readonly rsv: number;
  readonly opcode: number;
  readonly payload: Buffer;
  /** How the length was encoded: in the 7 bits, or in 2 or 8 more bytes. */
  readonly lengthBytes: 0 | 2 | 8;
  /** The header as received, for failure messages. */
  readonly header: Buffer;
}

export function describeFrame(frame: ServerFrame): string {
  const payload =
    frame.opcode === OP.CLOSE && frame.payload.length >= 2
      ? `code ${frame.payload.readUInt16BE(0)}${frame.payload.length > 2 ? ` ${escapeBytes(frame.payload.subarray(2), 80)}` : ""}`
      : frame.opcode === OP.TEXT
        ? escapeBytes(frame.payload, 80)
        : `${frame.payload.length} bytes`;
  return `a ${frame.fin ? "" : "non-final "}${opcodeName(frame.opcode)} frame (${payload})`;
}

/** A TCP connection that has completed the opening handshake, speaking frames by hand. */
export class RawSocket {
  /** What the check sent since the handshake, for failure messages. */
  private sent: string[] = [];

  private constructor(
    readonly client: TcpClient,
    readonly handshake: ReceivedResponse,
    readonly path: string,
  ) {}

  /**
   * Connects and performs the handshake for `path`; `first` goes out in the same packet as the
   * handshake request. The 101 and its Sec-WebSocket-Accept are checked here.
   */
  static async open(server: LabServer, path: string, first?: Buffer): Promise<RawSocket> {
    const client = await TcpClient.open(server);
    // One write per frame, each its own packet: the checks decide where the bytes are split.
    client.socket.setNoDelay(true);
    const key = randomKey();
    const request = Buffer.from(handshakeRequest(path, { key }), "latin1");
    const sent = escapeBytes(request, 300);
    await client.send(first ? Buffer.concat([request, first]) : request);
    const response = await readResponse(client, { sent, server });
    const accept = header(response, "sec-websocket-accept");
    if (response.status !== 101 || accept !== expectedAccept(key)) {
      client.close();
      throw new CheckFailure(
        response.status !== 101 ? "the handshake was not answered with 101" : "Sec-WebSocket-Accept is wrong",
        {
          sent,
          expected: `101 Switching Protocols with Sec-WebSocket-Accept: ${expectedAccept(key)}`,
          received: showResponse(response),
          hint: 'Sec-WebSocket-Accept is base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) (RFC 6455 §4.2.2).',
        },
      );
    }
    return new RawSocket(client, response, path);
  }

  async send(bytes: Buffer): Promise<void> {
    this.note(bytes);
    await this.client.send(bytes).catch(() => undefined);
  }

  /** Sends `bytes` in pieces of the given sizes, each its own write, a pause between them. */
  async sendPieces(bytes: Buffer, sizes: readonly number[], pauseMs = 2): Promise<void> {
    this.note(bytes);
    let at = 0;
    for (const size of sizes) {
      if (at >= bytes.length) break;
      await this.client.send(bytes.subarray(at, at + size)).catch(() => undefined);
      at += size;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    if (at < bytes.length) await this.client.send(bytes.subarray(at)).catch(() => undefined);
  }

  /** Reads the server's next frame, failing on anything a server must not send. */
  async read(awaiting: string, timeoutMs?: number): Promise<ServerFrame> {
    const head = await this.client.readBytes(2, awaiting, timeoutMs);
    const first = head[0]!;
    const second = head[1]!;
    const length7 = second & 0x7f;
    const lengthBytes = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
    const extended = lengthBytes ? await this.client.readBytes(lengthBytes, awaiting, timeoutMs) : Buffer.alloc(0);
    const header = Buffer.concat([head, extended]);
    if ((second & 0x80) !== 0)
      this.malformed(header, "a frame without the MASK bit: a server never masks (RFC 6455 §5.1)");
    const length =
      lengthBytes === 0 ? length7 : lengthBytes === 2 ? extended.readUInt16BE(0) : Number(extended.readBigUInt64BE(0));
    if (length > 64 * 1024 * 1024) this.malformed(header, "a frame of a sensible length");
    const payload = await this.client.readBytes(length, `${awaiting} (the ${length}-byte payload)`, timeoutMs);
    return { fin: (first & 0x80) !== 0, rsv: (first >> 4) & 0x7, opcode: first & 0x0f, payload, lengthBytes, header };
  }

  /** Reads frames until a data frame (answering nothing): the next message the server sent, whole in one frame. */
  async expectMessage(opcode: number, payload: Buffer | string, hint?: string): Promise<ServerFrame> {
    const expected = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
    const what = `a ${opcodeName(opcode)} message of ${expected.length} bytes`;
    const frame = await this.read(what);
    const ok = frame.fin && frame.rsv === 0 && frame.opcode === opcode && frame.payload.equals(expected);
    if (!ok)
      this.fail(`the server sent ${describeFrame(frame)} where ${what} was due`, {
        expected: `${what}: ${escapeBytes(expected, 120)}, in one frame with FIN set`,
        received: `${describeFrame(frame)}: ${escapeBytes(frame.header)} ${escapeBytes(frame.payload, 120)}`,
        ...(hint ? { hint } : {}),
      });
    return frame;
  }

  /**
   * Expects the server to fail or close the connection with `code`: a close frame carrying it,
   * and no data frame before it, then the end of the TCP connection.
   */
  async expectClose(code: number, hint?: string, awaiting = `a close frame with code ${code}`): Promise<ServerFrame> {
    const frame = await this.read(awaiting);
    const got = frame.opcode === OP.CLOSE && frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : undefined;
    if (frame.opcode !== OP.CLOSE || got !== code)
      this.fail(
        frame.opcode === OP.CLOSE
          ? `the server closed with ${got ?? "no code"} instead of ${code}`
          : `the server sent ${describeFrame(frame)} instead of closing with ${code}`,
        {
          expected: `${awaiting}, and nothing before it`,
          received: `${describeFrame(frame)}: ${escapeBytes(frame.header)} ${escapeBytes(frame.payload, 120)}`,
          ...(hint ? { hint } : {}),
        },
      );
    await this.expectEnd(`the server to close TCP after its close frame (RFC 6455 §7.1.1)`);
    return frame;
  }

  /** Expects the server to close the TCP connection, sending nothing more. */
  async expectEnd(awaiting: string, timeoutMs?: number): Promise<void> {
    try {
      await this.client.expectClosed(awaiting, timeoutMs);
    } catch (error) {
      if (!(error instanceof CheckFailure)) throw error;
      throw new CheckFailure(error.message, {
        kind: error.kind,
        sent: this.shown(),
        expected: error.expected,
        received: error.received,
      });
    }
  }

  close(): void {
    this.client.close();
  }

  /** The frames sent since the handshake, escaped. */
  shown(): string {
    return `after the handshake to ${this.path}: ${this.sent.join(", ")}`;
  }

  fail(summary: string, details: { expected: string; received: string; hint?: string }): never {
    this.close();
    throw new CheckFailure(summary, { sent: this.shown(), ...details });
  }

  private malformed(header: Buffer, expected: string): never {
    this.fail("the server sent a malformed frame", { expected, received: `a frame header ${escapeBytes(header)}` });
  }

  private note(bytes: Buffer): void {
    this.sent.push(escapeBytes(bytes, 120));
    if (this.sent.length > 8) this.sent.splice(0, this.sent.length - 8, "…");
  }
}

export interface HandshakeOptions {
  readonly method?: string;
  readonly version?: string;
  readonly key?: string;
  /** Fields to send instead of the defaults of the same name; a value of null leaves the field out. */
  readonly fields?: Readonly<Record<string, string | null>>;
  /** Fields sent as well, after the others (a second key, say). */
  readonly extra?: readonly (readonly [string, string])[];
}

/** An opening handshake request (RFC 6455 §4.1), valid unless the options say otherwise. */
export function handshakeRequest(path: string, options: HandshakeOptions = {}): string {
  const fields: Record<string, string | null> = {
    Host: "localhost",
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Key": options.key ?? randomKey(),
    "Sec-WebSocket-Version": "13",
    ...options.fields,
  };
  const lines = [`${options.method ?? "GET"} ${path} HTTP/${options.version ?? "1.1"}`];
  for (const [name, value] of Object.entries(fields)) if (value !== null) lines.push(`${name}: ${value}`);
  for (const [name, value] of options.extra ?? []) lines.push(`${name}: ${value}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** A message the `ws` peer received. */
export interface PeerMessage {
  readonly data: Buffer;
  readonly isBinary: boolean;
}

/** The `ws` client as a peer, with reads that time out into CheckFailures. */
export class Peer {
  private readonly messages: PeerMessage[] = [];
  private readonly pongs: Buffer[] = [];
  private closeEvent: { code: number; reason: string } | undefined;
  private problem: Error | undefined;
  private wake: (() => void) | undefined;

  private constructor(
    readonly socket: WebSocket,
    readonly url: string,
  ) {
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      this.messages.push({ data, isBinary });
      this.wake?.();
    });
    socket.on("pong", (data: Buffer) => {
      this.pongs.push(data);
      this.wake?.();
    });
    socket.on("close", (code: number, reason: Buffer) => {
      this.closeEvent = { code, reason: reason.toString("utf8") };
      this.wake?.();
    });
    socket.on("error", (error: Error) => {
      this.problem = error;
      this.wake?.();
    });
  }

  static open(server: LabServer, path: string): Promise<Peer> {
    const url = `ws://${server.host}:${server.port}${path}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: REPLY_TIMEOUT_MS });
      const failed = (received: string): void =>
        reject(
          new CheckFailure("the ws client could not open a WebSocket", {
            sent: `new WebSocket("${url}")`,
            expected: "a completed opening handshake (the 'open' event)",
            received: server.exitReason() ?? received,
          }),
        );
      socket.once("open", () => resolve(new Peer(socket, url)));
      socket.once("unexpected-response", (_request, response) => {
        failed(`${response.statusCode} ${response.statusMessage ?? ""} instead of 101`);
        socket.terminate();
      });
      socket.once("error", (error) => failed(error.message));
    });
  }

  /** The next message, within the reply timeout (or `timeoutMs`). */
  async next(awaiting: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<PeerMessage> {
    await this.until(() => this.messages.length > 0, awaiting, timeoutMs);
    return this.messages.shift()!;
  }

  /** The payload of the next pong. */
  async nextPong(awaiting: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<Buffer> {
    await this.until(() => this.pongs.length > 0, awaiting, timeoutMs);
    return this.pongs.shift()!;
  }

  /** Messages received and not yet read. */
  unread(): number {
    return this.messages.length;
  }

  /** The close event's code and reason, once the connection is closed. */
  async closed(awaiting: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closeEvent !== undefined, awaiting, timeoutMs, true);
    return this.closeEvent!;
  }

  isClosed(): boolean {
    return this.closeEvent !== undefined;
  }

  close(): void {
    this.socket.terminate();
  }

  private async until(ready: () => boolean, awaiting: string, timeoutMs: number, closing = false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (this.problem && !closing)
        throw new CheckFailure(`the ws client failed while waiting for ${awaiting}`, {
          sent: `messages on ${this.url}`,
          expected: awaiting,
          received: this.problem.message,
        });
      if (this.closeEvent && !closing)
        throw new CheckFailure(`the connection closed while the ws client waited for ${awaiting}`, {
          sent: `messages on ${this.url}`,
          expected: awaiting,
          received: `a close with code ${this.closeEvent.code} ${JSON.stringify(this.closeEvent.reason)}`,
        });
      const left = deadline - Date.now();
      if (left <= 0)
        throw new CheckFailure(`timed out after ${timeoutMs} ms waiting for ${awaiting}`, {
          kind: "timeout",
          sent: `messages on ${this.url}`,
          expected: awaiting,
          received: this.closeEvent ? "the connection closed" : "nothing",
        });
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
