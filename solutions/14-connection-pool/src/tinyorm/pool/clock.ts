// Time, as the pool reads it. Every rule of a pool is a duration — how long a caller may wait,
// how long a connection may sit idle, how old it may grow — so the pool asks this object what
// time it is and to call it back later, and never touches the global timers itself. A program
// runs it on the system's clock; a check hands in a clock it moves by hand, so that "half an
// hour later" takes no time at all and happens at exactly the moment the check says.

/** Stops a scheduled callback; calling it after the callback ran does nothing. */
export type Cancel = () => void;

export interface Clock {
  /** Milliseconds on a clock that never goes back. Only differences mean anything. */
  now(): number;
  /** Calls `callback` once, `ms` from now. An infinite delay never fires. */
  schedule(ms: number, callback: () => void): Cancel;
}

export const systemClock: Clock = {
  // performance.now() is monotonic. Date.now() jumps whenever the system's time is set (by NTP,
  // or by hand), and a connection must not look an hour old because the clock was corrected.
  now: () => performance.now(),
  schedule(ms, callback) {
    // setTimeout() takes an infinite delay as 1 ms: "never" has to be said by not starting one.
    if (ms === Number.POSITIVE_INFINITY) return () => undefined;
    const timer = setTimeout(callback, ms);
    // The pool's timers alone never keep a process alive; its open connections do, while it has any.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
