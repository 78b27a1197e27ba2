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
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject, cancelTimeout: () => undefined };
      waiter.cancelTimeout = this.#clock.schedule(ms, () => {
        const error = timedOut();
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        reject(error);
      });
      this.#queue.push(waiter);
    });
  }

  /** Hands `value` to the caller that has waited longest. */
  serve(value: T): void {
    this.#take()?.resolve(value);
  }

  /** Fails the caller that has waited longest: what was being done for it failed. */
  failFirst(error: unknown): void {
    this.#take()?.reject(error);
  }

  /** Fails every caller, in order. */
  failAll(error: unknown): void {
    while (this.#queue.length > 0) this.failFirst(error);
  }

  #take(): Waiter<T> | undefined {
    const waiter = this.#queue.shift();
    waiter?.cancelTimeout();
    return waiter;
  }
}
