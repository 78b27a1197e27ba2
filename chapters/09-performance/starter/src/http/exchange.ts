// One request on a connection, from its head to its response: what the handler gets (head,
// body, signal, sent) and what the connection keeps to finish it. The signal and the `sent`
// promise are made only when someone asks for them: most handlers never do, and an
// AbortSignal and a promise per request are a measurable part of answering a small one.
import type { BodyStream } from "./body-stream.ts";
import type { MaybePromise } from "./maybe-async.ts";
import type { RequestHead } from "./request-head.ts";
import type { StreamedRequest } from "./streaming-handler.ts";

export class Exchange implements StreamedRequest {
  /** Whether the connection may carry another request: known once the response is written. */
  answered: MaybePromise<boolean> = false;
  // TODO(09): both made up front, for every request, as chapter 08 did. Make each only when it
  // is asked for: the AbortController the first time `signal` is read, the promise the first
  // time `sent` is read — and remember whether the client has left and whether done() was called,
  // so that what is made late tells the truth.
  private readonly abort = new AbortController();
  private readonly sentPromise: Promise<void>;
  private markSent: () => void = () => {};

  constructor(
    readonly head: RequestHead,
    readonly body: BodyStream,
    /** Whether the client has closed its side or the connection broke, asked when the signal is made. */
    private readonly clientGone: () => boolean,
  ) {
    this.sentPromise = new Promise<void>((resolve) => {
      this.markSent = resolve;
    });
    // A request read after the client closed its side is still answered, but its handler is told.
    if (this.clientGone()) this.abort.abort(clientGoneReason());
  }

  /** Aborted when the client goes away before the response is sent. */
  get signal(): AbortSignal {
    // TODO(09): made here, the first time: new AbortController(), aborted at once when clientGone().
    return this.abort.signal;
  }

  /** Settles once the response is written, or can no longer be. */
  get sent(): Promise<void> {
    // TODO(09): made here, the first time; once done() has been called, Promise.resolve().
    return this.sentPromise;
  }

  /** The client left: a signal already given out is aborted now (one asked for later is made aborted). */
  clientLeft(): void {
    // TODO(09): only a controller already made has anyone to tell.
    if (!this.abort.signal.aborted) this.abort.abort(clientGoneReason());
  }

  /** The response is written, or never will be. */
  done(): void {
    // TODO(09): remember it, and resolve the promise if one was made.
    this.markSent();
  }
}

/** The reason a request's signal gives when its client goes away. */
function clientGoneReason(): DOMException {
  return new DOMException("the client closed the connection", "AbortError");
}
