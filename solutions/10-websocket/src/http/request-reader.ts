// Whole requests out of a byte stream: the head parser of chapter 02 reads up to the end of a
// head, the head says how the body is framed, a body decoder reads exactly that body, and what
// is left is the next request. Plain events come out; the reader never touches a socket.
//
// A body either arrives whole in the "request" event, or — for a reader made with "streamed" —
// piece by piece in "body" events between the head and a "request" event that only ends it, so
// the application can start on a body before it has all arrived (chapter 07).
//
//   bytes ─► RequestParser ─head─► bodyFraming ─► LengthDecoder / ChunkedDecoder ─body─► "request"
//                ▲                                                                         │
//                └──────────────────────── the bytes after the body ───────────────────────┘
import type { BodyDecoder, BodySink } from "./body-decoder.ts";
import { bodyFraming } from "./body-framing.ts";
import { ChunkedDecoder } from "./chunked-decoder.ts";
import { expectsContinue } from "./expectation.ts";
import { LengthDecoder } from "./length-decoder.ts";
import type { HttpRequest } from "./request.ts";
import { type ParseError, parseError, type RequestHead } from "./request-head.ts";
import { RequestParser } from "./request-parser.ts";
import { asksToSwitch } from "./switching-protocols.ts";

export type RequestEvent =
  /** The first byte of a request line arrived: a request is now in progress. */
  | { readonly type: "message-begin" }
  /** A head whose body can be framed. `expectsContinue`: the client waits for 100 Continue before sending its body. */
  | { readonly type: "head"; readonly head: RequestHead; readonly expectsContinue: boolean }
  /** Pieces of the body of the request whose head came last, as one read decoded them; only from a "streamed" reader. */
  | { readonly type: "body"; readonly data: Uint8Array }
  /** A whole request, body and trailers included: ready for the handler. A "streamed" reader's has an empty body: its pieces came before. */
  | { readonly type: "request"; readonly request: HttpRequest }
  /** The bytes are not a request this server accepts; the reader stops here for good. */
  | { readonly type: "error"; readonly error: ParseError };

const NO_BODY = new Uint8Array(0);

/** How a reader delivers bodies: whole in the "request" event, or in pieces as they arrive. */
export type BodyDelivery = "whole" | "streamed";

export class RequestReader {
  private readonly heads = new RequestParser();
  /** The request whose body is being read, if any. */
  private current: { readonly head: RequestHead; readonly decoder: BodyDecoder } | undefined;
  private failed = false;
  private events: RequestEvent[] = [];
  /**
   * The pieces of a streamed body decoded from the chunk being read, passed on together as one
   * "body" event: a body of one-byte chunks would otherwise cost an event, and a read by the
   * handler, per byte.
   */
  private pieces: Uint8Array[] = [];
  private readonly streamSink: BodySink = {
    append: (data) => this.pieces.push(data),
    contents: () => NO_BODY,
  };
  /**
   * The bytes after a request that asks to switch protocols (RFC 9110 §7.8). They may already
   * be the new protocol's — a WebSocket client can send its first frame in the same packet as
   * its handshake — so they are held, never read as HTTP, for the protocol that takes over.
   */
  private switchingBytes: Uint8Array[] | undefined;

  constructor(
    private readonly maxBodyBytes: number,
    private readonly bodies: BodyDelivery = "whole",
  ) {}

  /** Feeds the next bytes of the connection and returns the events they complete, in order. */
  push(chunk: Uint8Array): RequestEvent[] {
    let offset = 0;
    while (offset < chunk.length && !this.failed && !this.switchingBytes) {
      const rest = chunk.subarray(offset);
      offset += this.current ? this.readBody(this.current, rest) : this.readHead(rest);
    }
    if (offset < chunk.length) this.switchingBytes?.push(chunk.subarray(offset));
    this.passPieces();
    return this.drain();
  }

  /**
   * Between requests: no head or body half read, nothing refused, no protocol switched to. The
   * connection may then read a whole plain request on its own (connection.ts), and the reader
   * is none the wiser.
   */
  get idle(): boolean {
    return this.current === undefined && !this.failed && !this.switchingBytes && this.heads.atRequestStart;
  }

  /** True once a request that asks to switch protocols is complete: nothing after it is read as HTTP. */
  get switching(): boolean {
    return this.switchingBytes !== undefined;
  }

  /** The bytes read after that request, for the protocol the connection switches to. */
  held(): Buffer {
    return Buffer.concat(this.switchingBytes ?? []);
  }

  /** The client closed its side. A request cut off in its head or body is an error; none at all is not. */
  finish(): RequestEvent[] {
    if (this.failed) return [];
    if (this.current) this.fail(parseError(400, "the connection ended in the middle of a request body"));
    else for (const event of this.heads.finish()) if (event.type === "error") this.fail(event.error);
    return this.drain();
  }

  /** Reads head bytes up to the end of one head; returns how many it used. */
  private readHead(bytes: Uint8Array): number {
    const { events, used } = this.heads.pushUntilHead(bytes);
    for (const event of events) {
      if (event.type === "message-begin") this.events.push(event);
      else if (event.type === "error") this.fail(event.error);
      else this.begin(event.head);
    }
    return used;
  }

  /** A head is complete: decide, before reading a byte of it, whether and how to read its body. */
  private begin(head: RequestHead): void {
    const framing = bodyFraming(head);
    if ("status" in framing) return this.fail(framing);
    const expectation = expectsContinue(head);
    if (typeof expectation !== "boolean") return this.fail(expectation);
    // A declared length over the limit is refused now, without waiting for a byte of the body
    // (and without a 100 Continue that would invite it).
    if (framing.kind === "length" && framing.length > this.maxBodyBytes) {
      return this.fail(parseError(413, `the body is ${framing.length} bytes; the limit is ${this.maxBodyBytes}`));
    }
    const hasBody = framing.kind === "chunked" || framing.length > 0;
    this.events.push({ type: "head", head, expectsContinue: expectation && hasBody });
    if (!hasBody) return this.complete(head, NO_BODY, []);
    const sink = this.bodies === "streamed" ? this.streamSink : undefined;
    const decoder =
      framing.kind === "chunked"
        ? new ChunkedDecoder(this.maxBodyBytes, sink)
        : new LengthDecoder(framing.length, sink);
    this.current = { head, decoder };
  }

  /** Feeds body bytes to the decoder; returns how many belonged to the body. */
  private readBody(current: { readonly head: RequestHead; readonly decoder: BodyDecoder }, bytes: Uint8Array): number {
    const result = current.decoder.push(bytes);
    if (result.type === "more") return bytes.length;
    this.current = undefined;
    if (result.type === "error") {
      this.fail(result.error);
      return bytes.length;
    }
    this.complete(current.head, result.body, result.trailers);
    return result.used;
  }

  private complete(head: RequestHead, body: Uint8Array, trailers: HttpRequest["trailers"]): void {
    this.passPieces();
    this.events.push({ type: "request", request: { head, body, trailers } });
    if (asksToSwitch(head)) this.switchingBytes = [];
  }

  private fail(error: ParseError): void {
    this.passPieces();
    this.events.push({ type: "error", error });
    this.failed = true;
  }

  /** The streamed body's pieces decoded so far, as one event: the piece itself when there is one. */
  private passPieces(): void {
    if (this.pieces.length === 0) return;
    const data = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
    this.pieces = [];
    this.events.push({ type: "body", data });
  }

  private drain(): RequestEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }
}
