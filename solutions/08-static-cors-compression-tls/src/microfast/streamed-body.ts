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
import { keepLength } from "../http/response-writer.ts";
import { bindToContext } from "./context.ts";
import { log } from "./log.ts";

/** `body`, guarded as above. Call it in the request's context. */
export function guardStream(body: AsyncIterable<unknown>, signal: AbortSignal): AsyncIterable<string | Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  const next = bindToContext(() => iterator.next());
  const close = bindToContext(async () => {
    try {
      await iterator.return?.();
    } catch (error) {
      log.error("a streamed body failed while it was closed", { error });
    }
  });
  const report = bindToContext((error: unknown) =>
    log.error("a streamed body failed after its head was sent", { error }),
  );
  // A file keeps its length, and with it its Content-Length.
  return keepLength(pieces(next, close, report, signal), body);
}

async function* pieces(
  next: () => Promise<IteratorResult<unknown>>,
  close: () => Promise<void>,
  report: (error: unknown) => void,
  signal: AbortSignal,
): AsyncGenerator<string | Uint8Array> {
  let finished = false;
  try {
    for (;;) {
      const result = await untilAborted(next(), signal);
      if (result.done) {
        finished = true;
        return;
      }
      yield asPiece(result.value);
    }
  } catch (error) {
    if (!signal.aborted) report(error);
    throw error;
  } finally {
    // Stopped early — the client left, or the connection broke off: let the body clean up.
    if (!finished) void close();
  }
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
