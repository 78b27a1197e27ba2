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

/** The body of every request that has none: empty, so no one can change it. */
const NO_BODY = new Uint8Array(0);

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
    if (this.state === "discarded") return true;
    this.queue.push(data);
    this.queuedBytes += data.length;
    if (this.queuedBytes >= this.highWaterMark) this.full = true;
    this.wakeReader();
    return !this.full;
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
    if (this.state !== "open") return;
    this.state = "discarded";
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.release();
    this.wakeReader();
  }

  /**
   * The whole body at once, when it has already ended and nobody has read it: most requests
   * have no body, or a small one that came with the head, and reading those needs no waiting.
   * Undefined when a piece may still come; then read the stream.
   */
  takeWhole(): Uint8Array | undefined {
    if (this.state !== "ended" || this.taken) return undefined;
    this.taken = true;
    // No body at all, the common case: nothing to copy, and no new buffer to say so.
    if (this.queue.length === 0) return NO_BODY;
    const pieces = this.queue.splice(0);
    this.queuedBytes = 0;
    this.release();
    return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
  }

  /** The pieces in order, each as soon as it is there. A body can be read once. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    if (this.taken) throw new Error("the request body has already been read");
    this.taken = true;
    for (;;) {
      const piece = this.queue.shift();
      if (piece) {
        this.queuedBytes -= piece.length;
        this.release();
        yield piece;
        continue;
      }
      if (this.state === "failed") throw this.failure;
      if (this.state !== "open") return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Below the mark again after push() said stop: the producer may go on — unless no piece can come any more. */
  private release(): void {
    if (!this.full || this.queuedBytes >= this.highWaterMark) return;
    this.full = false;
    if (this.state === "open" || this.state === "discarded") this.onDrain();
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
