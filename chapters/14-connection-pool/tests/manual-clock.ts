// A clock the checks move by hand, handed to the pool as its `clock` option. A rule of minutes
// (an idle timeout, a lifetime) is checked by moving this clock past it: no check sleeps, and a
// busy machine cannot make a deadline pass early or late, because time moves only when a check
// says so. Every other wait of the checks (a session opening or closing) is real, and budgeted.
import type { Cancel, Clock } from "@lab/src/tinyorm/index.ts";

interface Timer {
  at: number;
  /** Timers due at the same moment run in the order they were scheduled. */
  order: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  /** Far from zero, so a pool that mixes this clock with Date.now() shows it at once. */
  #now = 1_000_000;
  #scheduled = 0;
  readonly #timers = new Set<Timer>();

  now(): number {
    return this.#now;
  }

  schedule(ms: number, callback: () => void): Cancel {
    if (ms === Number.POSITIVE_INFINITY) return () => undefined;
    const timer: Timer = { at: this.#now + Math.max(0, ms), order: this.#scheduled++, callback };
    this.#timers.add(timer);
    return () => {
      this.#timers.delete(timer);
    };
  }

  /** Moves time on by `ms`, running each callback that falls due, in the order they fall due. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (let timer = this.#due(until); timer; timer = this.#due(until)) {
      this.#timers.delete(timer);
      this.#now = timer.at;
      timer.callback();
    }
    this.#now = until;
  }

  #due(until: number): Timer | undefined {
    let first: Timer | undefined;
    for (const timer of this.#timers) {
      if (timer.at > until) continue;
      if (!first || timer.at < first.at || (timer.at === first.at && timer.order < first.order)) first = timer;
    }
    return first;
  }
}
