// Callers waiting for a connection, served first come, first served. Under a steady overload a
// queue served newest-first answers the latest callers quickly and leaves the oldest waiting
// until they time out — the ones that have already waited longest are the ones that fail. In
// order, every caller waits about as long as the queue ahead of it, and no longer.
//
//   wait() ──► [ oldest · · · newest ] ──► serve(connection): the oldest gets it
//                 └ each with its own deadline: past it, that caller alone leaves with an error
import type { Cancel, Clock } from "./clock.ts";

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
  cancelTimeout: Cancel;
}

export class WaiterQueue<T> {
  readonly #clock: Clock;
  readonly #queue: Waiter<T>[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get length(): number {
    return this.#queue.length;
  }

  /**
   * Joins the end of the queue, for a value that serve() hands over, for at most `ms`. Past it
   * the caller leaves with `timedOut()`'s error, made while it is still counted as waiting.
   */
  wait(ms: number, timedOut: () => Error): Promise<T> {
    // TODO(14): return a promise whose resolve and reject go into a Waiter pushed onto #queue.
    // Its cancelTimeout is this.#clock.schedule(ms, …): when that fires, make the error with
    // timedOut() first (the count of waiters still includes this one), then take this waiter out
    // of #queue and reject it.
    throw new Error("TODO(14): WaiterQueue.wait() is not implemented");
  }

  /** Hands `value` to the caller that has waited longest. */
  serve(value: T): void {
    // TODO(14): take the oldest waiter (shift), cancel its timeout, resolve it with value.
    throw new Error("TODO(14): WaiterQueue.serve() is not implemented");
  }

  /** Fails the caller that has waited longest: what was being done for it failed. */
  failFirst(error: unknown): void {
    // TODO(14): as serve(), but reject the oldest waiter with error.
    throw new Error("TODO(14): WaiterQueue.failFirst() is not implemented");
  }

  /** Fails every caller, in order. */
  failAll(error: unknown): void {
    // TODO(14): fail waiters until none is left.
    throw new Error("TODO(14): WaiterQueue.failAll() is not implemented");
  }
}
