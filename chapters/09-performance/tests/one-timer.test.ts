// Stage 09.4: one timer per connection, in-process. The Clock runs on vitest's fake timers, so
// time moves only when a check moves it, to the millisecond, and every setTimeout() it starts
// is counted. The timeouts of chapter 03 (idle, head, body: 408) are this stage's regression
// over real sockets.

import { Clock } from "@lab/src/http/clock.ts";
import { afterEach, test, vi } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stage } from "../../../shared/check/stage.ts";

/** arm() calls in the counting checks: one per request of a busy keep-alive connection. */
const ARMS = 1_000;
/** A connection's deadline, as chapter 03's idle and head timeouts. */
const DEADLINE_MS = 5_000;

/** A callback that remembers when it ran, in fake milliseconds since the check started. */
function expiry(start: number): { (): void; calls: number[] } {
  const calls: number[] = [];
  return Object.assign(() => void calls.push(Date.now() - start), { calls });
}

/** The fake setTimeout, while a counting wrapper stands in for it. */
let fakeSetTimeout: typeof setTimeout | undefined;

/**
 * Fake time from now on, and a count of the timers started. The count wraps the fake
 * setTimeout by hand, and afterEach puts the fake back before vitest uninstalls it: the real
 * setTimeout must be there again for the checks that follow in this process.
 */
function fakeTime(): { start: number; timers: () => number } {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.UTC(2030, 0, 1) });
  const fake = globalThis.setTimeout;
  fakeSetTimeout = fake;
  let started = 0;
  globalThis.setTimeout = Object.assign((...args: Parameters<typeof setTimeout>) => {
    started++;
    return fake(...args);
  }, fake);
  return { start: Date.now(), timers: () => started };
}

function expectCalls(
  what: string,
  callback: { calls: number[] },
  expected: number[],
  sent: string,
  hint: string,
): void {
  if (callback.calls.length === expected.length && callback.calls.every((at, i) => at === expected[i])) return;
  const show = (calls: number[]) => (calls.length === 0 ? "never" : calls.map((at) => `at ${at} ms`).join(", "));
  throw new CheckFailure(what, {
    sent,
    expected: `onExpiry called ${show(expected)}`,
    received: `called ${show(callback.calls)}`,
    hint,
  });
}

afterEach(() => {
  if (fakeSetTimeout) globalThis.setTimeout = fakeSetTimeout;
  fakeSetTimeout = undefined;
  vi.useRealTimers();
});

stage("09.4", () => {
  test(`${ARMS} arm() calls with the same deadline start one timer`, () => {
    const time = fakeTime();
    const clock = new Clock();
    const onExpiry = expiry(time.start);
    for (let i = 0; i < ARMS; i++) clock.arm(DEADLINE_MS, onExpiry);
    if (time.timers() > 1)
      throw new CheckFailure(`arm() started ${time.timers()} timers for one deadline`, {
        sent: `${ARMS} × clock.arm(${DEADLINE_MS}, onExpiry), no time passing`,
        expected: "one setTimeout() in all",
        received: `${time.timers()} setTimeout() calls`,
        hint: "arm() writes the new deadline down; it starts a timer only when none is pending, or when the pending one would fire after the new deadline.",
      });
    vi.advanceTimersByTime(DEADLINE_MS);
    expectCalls(
      "the deadline did not fire on time",
      onExpiry,
      [DEADLINE_MS],
      `clock.arm(${DEADLINE_MS}) × ${ARMS}, then ${DEADLINE_MS} ms`,
      "The pending timer fires at the deadline and finds it passed: call onExpiry.",
    );
  });

  test(`${ARMS} arm() calls with later and later deadlines start at most two timers, and the last deadline fires on time`, () => {
    const time = fakeTime();
    const clock = new Clock();
    const onExpiry = expiry(time.start);
    // One request a millisecond on a keep-alive connection: every arm() moves the deadline on.
    for (let i = 0; i < ARMS; i++) {
      clock.arm(DEADLINE_MS, onExpiry);
      vi.advanceTimersByTime(1);
    }
    const last = ARMS - 1 + DEADLINE_MS;
    const sent = `clock.arm(${DEADLINE_MS}, onExpiry) once a millisecond, ${ARMS} times (the last at ${ARMS - 1} ms)`;
    vi.advanceTimersByTime(last - 1 - ARMS);
    expectCalls(
      "the deadline fired before its time",
      onExpiry,
      [],
      `${sent}, then up to ${last - 1} ms`,
      "When the timer fires, look at the deadline it finds: still ahead, sleep again until then — not onExpiry.",
    );
    vi.advanceTimersByTime(1);
    expectCalls(
      "the last deadline did not fire on time",
      onExpiry,
      [last],
      `${sent}, then up to ${last} ms`,
      "When the timer fires and the deadline has moved on, start one timer for the time left; when that fires, the deadline has passed.",
    );
    if (time.timers() > 2)
      throw new CheckFailure(`the clock started ${time.timers()} timers for deadlines that only moved later`, {
        sent: `${sent}, until the deadline fired`,
        expected: "at most two setTimeout() calls: the first, and one more when it fires to find the deadline moved on",
        received: `${time.timers()} setTimeout() calls`,
        hint: "A pending timer that fires no later than the new deadline is good enough: it will find the deadline and sleep on. Setting and clearing a Node timer per request costs more than a small response.",
      });
  });

  test("an earlier deadline than the pending timer's fires on time", () => {
    const time = fakeTime();
    const clock = new Clock();
    const idle = expiry(time.start);
    const head = expiry(time.start);
    clock.arm(10_000, idle);
    vi.advanceTimersByTime(100);
    clock.arm(1_000, head);
    vi.advanceTimersByTime(999);
    const sent = "clock.arm(10000, idle); 100 ms later clock.arm(1000, head)";
    expectCalls(
      "the earlier deadline fired early",
      head,
      [],
      `${sent}; then up to 1099 ms`,
      "The new deadline is at 1100 ms.",
    );
    vi.advanceTimersByTime(1);
    expectCalls(
      "the earlier deadline did not fire on time",
      head,
      [1_100],
      `${sent}; then up to 1100 ms`,
      "A pending timer that fires after the new deadline is too late: start one for the new deadline.",
    );
    vi.advanceTimersByTime(20_000);
    expectCalls(
      "a replaced deadline fired",
      idle,
      [],
      `${sent}; then 21 s`,
      "arm() replaces the deadline and its callback: the first one must never run.",
    );
    expectCalls(
      "a deadline fired twice",
      head,
      [1_100],
      `${sent}; then 21 s`,
      "Once a deadline has fired, nothing is armed until the next arm().",
    );
  });

  test("stop() cancels the deadline; arm() after it starts a new one", () => {
    const time = fakeTime();
    const clock = new Clock();
    const stopped = expiry(time.start);
    clock.arm(1_000, stopped);
    vi.advanceTimersByTime(500);
    clock.stop();
    vi.advanceTimersByTime(5_000);
    expectCalls(
      "a stopped deadline fired",
      stopped,
      [],
      "clock.arm(1000); 500 ms later clock.stop(); then 5 s",
      "stop() forgets the deadline; a timer that fires later must find nothing to do.",
    );
    const next = expiry(time.start);
    clock.arm(1_000, next);
    vi.advanceTimersByTime(1_000);
    expectCalls(
      "the deadline armed after stop() did not fire",
      next,
      [6_500],
      "after stop(), at 5500 ms clock.arm(1000, next); then 1 s",
      "arm() after stop() must work as the first arm() did.",
    );
  });

  test("hold() stops the time left and release() goes on with it; arm() while held sets a new deadline", () => {
    const time = fakeTime();
    const clock = new Clock();
    const body = expiry(time.start);
    clock.arm(1_000, body);
    vi.advanceTimersByTime(400);
    clock.hold();
    vi.advanceTimersByTime(5_000);
    const sent = "clock.arm(1000); at 400 ms clock.hold(); at 5400 ms clock.release()";
    expectCalls(
      "a held deadline fired",
      body,
      [],
      "clock.arm(1000); at 400 ms clock.hold(); then 5 s",
      "While held, nothing runs out: the server is the slow side.",
    );
    clock.release();
    vi.advanceTimersByTime(599);
    expectCalls(
      "a released deadline fired before the time it had left",
      body,
      [],
      `${sent}; then 599 ms`,
      "hold() keeps how long the deadline had left (600 ms); release() arms that much again.",
    );
    vi.advanceTimersByTime(1);
    expectCalls(
      "a released deadline did not fire with the time it had left",
      body,
      [6_000],
      `${sent}; then 600 ms`,
      "hold() keeps how long the deadline had left (600 ms); release() arms that much again.",
    );
    const idle = expiry(time.start);
    clock.arm(1_000, body);
    clock.hold();
    clock.arm(2_000, idle);
    vi.advanceTimersByTime(2_000);
    const replaced = "at 6000 ms: arm(1000, body), hold(), arm(2000, idle); then 2 s";
    expectCalls(
      "arm() while held did not set a new deadline",
      idle,
      [8_000],
      replaced,
      "arm() replaces whatever was there, a held deadline too.",
    );
    expectCalls("a replaced deadline fired", body, [6_000], replaced, "arm() replaces the deadline and its callback.");
  });

  test("dispose() leaves no timer pending, and neither does a deadline that fired", () => {
    const time = fakeTime();
    const clock = new Clock();
    const onExpiry = expiry(time.start);
    clock.arm(DEADLINE_MS, onExpiry);
    clock.arm(DEADLINE_MS * 2, onExpiry);
    clock.dispose();
    const pending = vi.getTimerCount();
    vi.advanceTimersByTime(DEADLINE_MS * 3);
    if (pending !== 0 || onExpiry.calls.length > 0)
      throw new CheckFailure("dispose() left a timer behind", {
        sent: `clock.arm(${DEADLINE_MS}); clock.arm(${DEADLINE_MS * 2}); clock.dispose()`,
        expected: "no timer pending, and onExpiry never called",
        received: `${pending} timer(s) pending; onExpiry called ${onExpiry.calls.length} times`,
        hint: "The connection is closed: clearTimeout() the pending timer, or it keeps the closure (and the process) alive until it fires.",
      });
    const fired = new Clock();
    fired.arm(1_000, expiry(time.start));
    vi.advanceTimersByTime(1_000);
    if (vi.getTimerCount() !== 0)
      throw new CheckFailure("a timer is still pending after the deadline fired", {
        sent: "clock.arm(1000); then 1 s",
        expected: "no timer pending",
        received: `${vi.getTimerCount()} timer(s) pending`,
        hint: "After onExpiry, nothing is armed: the clock starts no timer until the next arm().",
      });
  });
});
