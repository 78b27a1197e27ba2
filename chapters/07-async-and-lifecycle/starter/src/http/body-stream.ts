// A request body as a handler reads it: an async iterable of the pieces as they arrive, with
// backpressure. The connection pushes what it reads from the socket; the handler pulls with
// `for await`. When the handler falls behind, the queue between them reaches its high-water
// mark, push() says so, and the connection stops reading the socket until the handler catches
// up (onDrain). TCP does the rest: the server's receive window fills, the client's sends block,
// and a slow handler slows the client down instead of filling the server's memory.
//
//   socket ──data──► push() ──► [ queue, at most about the high-water mark ] ──► for await (piece of body)
//     ▲                 │ false: pause the socket                                     │
//     └──── resume ◄──── onDrain ◄──────────── the queue falls below the mark ◄──────┘
import type { HeaderField } from "./request-head.ts";

/**
 * How many bytes of a body may wait for the handler before the connection stops reading:
 * 64 KiB, one read from a socket (libuv reads at most 64 KiB at a time), so a handler that keeps
 * up never makes the connection pause.
 */
export const BODY_HIGH_WATER_MARK = 64 * 1024;

/** Why a body stopped before its end: refused by the connection (413, 400, 408) or cut off by the client. */
export class BodyError extends Error {
  override readonly name = "BodyError";

  constructor(
    /** The status the connection answered with; 400 when the client left. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type State =
  /** Pieces may still come. */
  | "open"
  /** The whole body has been pushed. */
  | "ended"
  /** It will never end: reading throws the failure once the queued pieces are read. */
  | "failed"
  /** Nobody will read the rest: what comes is dropped. */
  | "discarded";

export class BodyStream implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  /** push() returned false: the producer waits for onDrain. */
  private full = false;
  private state: State = "open";
  private failure: Error | undefined;
  /** Resolves the read waiting for the next piece. */
  private wake: (() => void) | undefined;
  private taken = false;
  /** The trailer fields after a chunked body (RFC 9112 §7.1.2), once it has ended. */
  trailers: readonly HeaderField[] = [];

  constructor(
    /** Called when the queue falls below the high-water mark after push() returned false. */
    private readonly onDrain: () => void,
    private readonly highWaterMark = BODY_HIGH_WATER_MARK,
  ) {}

  /** Queues a piece. Returns false once highWaterMark bytes wait: push no more until onDrain. */
  push(data: Uint8Array): boolean {
    // TODO(07): queue the piece (a discarded stream drops it and says "go on": true), count its
    // bytes, wake a reader waiting for it, and return false once the queued bytes reach the
    // high-water mark — remember you said stop (this.full): release() owes onDrain() then.
    throw new Error(`TODO(07): BodyStream.push() is not implemented (a ${data.length}-byte piece)`);
  }

  /** The last piece has been pushed. */
  end(trailers: readonly HeaderField[]): void {
    if (this.state !== "open") return;
    this.state = "ended";
    this.trailers = trailers;
    this.wakeReader();
  }

  /** The body will never end: a reader gets `error` after the pieces already queued. */
  fail(error: Error): void {
    if (this.state !== "open") return;
    this.state = "failed";
    this.failure = error;
    this.wakeReader();
  }

  /** The handler is done without reading everything: drop what waits and whatever still comes. */
  discard(): void {
    // TODO(07): only an open stream: mark it "discarded", empty the queue, release() the
    // producer if it was told to stop, and wake a reader (it finds nothing more to read).
    throw new Error("TODO(07): BodyStream.discard() is not implemented");
  }

  /** The pieces in order, each as soon as it is there. A body can be read once. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    // TODO(07): refuse a second reader (this.taken). Then loop: take the first queued piece,
    // uncount its bytes, release(), yield it; with nothing queued: a failed stream throws its
    // failure, an ended (or discarded) one returns, an open one waits — a promise whose resolve
    // is this.wake — and looks again.
    throw new Error("TODO(07): reading a BodyStream is not implemented");
  }

  /** Below the mark again after push() said stop: the producer may go on — unless no piece can come any more. */
  private release(): void {
    // TODO(07): if push() said stop and the queue is now below the mark, say go on: clear
    // this.full and call onDrain() — unless the stream has ended or failed (no piece will come).
    throw new Error("TODO(07): BodyStream.release() is not implemented");
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
