// A streamed body outlives its handler: the connection pulls its pieces after every middleware
// has returned, one write at a time, as fast as the client reads (chapter 04's backpressure). So
// the app guards it on the way out:
//
//   - each piece is produced in the request's context, so its log lines carry the request id;
//   - once the client is gone (request.signal), nothing more is pulled, the response ends
//     unfinished, and the iterator is closed (return()), so a generator's finally blocks run:
//     files closed, subscriptions ended;
//   - a failure after the head is out cannot change the status any more: it is logged with the
//     request id, and the response ends without its last chunk, so the client sees it broke.
import { bindToContext } from "./context.ts";
import { log } from "./log.ts";

/** `body`, guarded as above. Call it in the request's context. */
export function guardStream(body: AsyncIterable<unknown>, signal: AbortSignal): AsyncIterable<string | Uint8Array> {
  // TODO(07): take body's iterator and bind to the request, with bindToContext(), now while its
  // context is current: next() (iterator.next()), close() (await iterator.return?.(), logging
  // what it throws) and report(error) (log.error). Then return pieces(next, close, report, signal).
  throw new Error("TODO(07): guardStream() is not implemented");
}

async function* pieces(
  next: () => Promise<IteratorResult<unknown>>,
  close: () => Promise<void>,
  report: (error: unknown) => void,
  signal: AbortSignal,
): AsyncGenerator<string | Uint8Array> {
  // TODO(07): loop: await untilAborted(next(), signal); done → return (remember it finished),
  // else yield asPiece(value). If anything throws, report() it — unless the signal aborted: then
  // the client left, and that is no failure — and throw it on. Finally, close() if not finished.
  throw new Error("TODO(07): the guarded stream's pieces() is not implemented");
}

/** `pending`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

function asPiece(value: unknown): string | Uint8Array {
  if (typeof value === "string" || value instanceof Uint8Array) return value;
  throw new TypeError(
    `a streamed body must yield strings or Uint8Arrays, not ${value === null ? "null" : typeof value}`,
  );
}
