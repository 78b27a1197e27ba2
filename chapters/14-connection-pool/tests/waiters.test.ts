// Stage 14.2: callers who find the pool full wait in line. The connection released next goes to
// the one that has waited longest, even when another caller asks at that very moment; and each
// waits at most acquireTimeoutMs, then fails with a PoolTimeoutError that counts the connections
// in use and the callers waiting. Most checks move a hand-held clock (manual-clock.ts), so a
// deadline passes exactly when the check says; the last one runs on the real clock, as a program does.
import { type Pool, type PooledConnection, PoolTimeoutError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { ManualClock } from "./manual-clock.ts";
import { expectRejection, SETTLE_MS, show, showError, useDatabase, usePools, within } from "./pool.ts";

/** The acquire timeout of the checks on the hand-held clock. */
const TIMEOUT_MS = 1_000;
/** The acquire timeout of the check on the real clock: short, so the check is quick. */
const REAL_TIMEOUT_MS = 300;
/** How much later than REAL_TIMEOUT_MS the failure may come on a machine busy with other work. */
const REAL_TIMEOUT_SLACK_MS = 2_000;

/** A promise's outcome as it stands, read without awaiting it. */
interface Outcome<T> {
  state: "pending" | "resolved" | "rejected";
  value?: T;
  error?: unknown;
}

function track<T>(promise: Promise<T>): Outcome<T> {
  const outcome: Outcome<T> = { state: "pending" };
  promise.then(
    (value) => Object.assign(outcome, { state: "resolved", value }),
    (error: unknown) => Object.assign(outcome, { state: "rejected", error }),
  );
  return outcome;
}

/** Lets every callback already due run: the pool's reactions to a release or to the clock. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Acquires `count` connections and keeps them, for a check of what happens once a pool is full.
 * On the real clock the pool's acquire timeout is short, and it also bounds the handshakes these
 * first acquires wait for: a machine too busy to open a session within it makes the setup try
 * again (the session, once open, waits idle for the retry), within SETTLE_MS for the whole setup.
 */
async function holdAll(pool: Pool, count: number): Promise<PooledConnection[]> {
  const held: PooledConnection[] = [];
  const until = Date.now() + SETTLE_MS;
  while (held.length < count) {
    try {
      held.push(await within(`acquire() #${held.length + 1} of ${count}`, pool.acquire()));
    } catch (error) {
      if (!(error instanceof PoolTimeoutError) || Date.now() >= until) {
        for (const connection of held) connection.release();
        throw error;
      }
    }
  }
  return held;
}

function stateOf(outcome: Outcome<unknown>): string {
  return outcome.state === "rejected" ? `rejected: ${showError(outcome.error)}` : outcome.state;
}

await stageWith([postgres], "14.2", (service) => {
  const db = useDatabase(service, "pool_waiters");
  const openPool = usePools(db);

  test("callers waiting for a full pool are served in the order they asked", async () => {
    const { pool } = openPool({ max: 1, clock: new ManualClock() });
    const held = await within("acquire()", pool.acquire());
    const served: number[] = [];
    const waiters = [1, 2, 3, 4, 5].map((caller) =>
      pool.acquire().then((connection) => {
        served.push(caller);
        connection.release();
      }),
    );
    await settle();
    held.release();
    const sent = "max 1: acquire() held, callers 1 … 5 call acquire() in that order, then the holder releases";
    await within(sent, Promise.all(waiters));
    if (served.join() !== "1,2,3,4,5")
      throw new CheckFailure("the waiting callers were not served in the order they asked", {
        sent,
        expected: "served in order 1, 2, 3, 4, 5 (first come, first served)",
        received: `served in order ${served.join(", ")}`,
        hint: "Keep waiters in an array: push() to join, shift() to serve the oldest.",
      });
  });

  test("a connection released while callers wait goes to the first of them, not to a caller who asks at that moment", async () => {
    const { pool } = openPool({ max: 1, clock: new ManualClock() });
    const held = await within("acquire()", pool.acquire());
    const served: string[] = [];
    const serve = (who: string) => (connection: PooledConnection) => {
      served.push(who);
      connection.release();
    };
    const waiting = pool.acquire().then(serve("the caller who was waiting"));
    await settle();
    held.release();
    const late = pool.acquire().then(serve("the caller who asked after the release"));
    const sent = "max 1: acquire() held; another caller waits; release(), and at once a third caller calls acquire()";
    await within(sent, Promise.all([waiting, late]));
    if (served[0] !== "the caller who was waiting")
      throw new CheckFailure("a newcomer took the connection ahead of the caller already waiting", {
        sent,
        expected: "the caller who was waiting served first",
        received: `served in order: ${served.join(", ")}`,
        hint: "While anyone waits, acquire() must not take an idle connection for itself: join the queue, and let the queue hand out connections in order.",
      });
  });

  test(`acquire() on a full pool fails with PoolTimeoutError after acquireTimeoutMs (${TIMEOUT_MS} ms), each caller on its own deadline, counting in use and waiting`, async () => {
    const clock = new ManualClock();
    const { pool } = openPool({ max: 2, acquireTimeoutMs: TIMEOUT_MS, clock });
    const held = [await within("acquire()", pool.acquire()), await within("acquire()", pool.acquire())];
    try {
      // Three callers join the line 300 ms apart, so their deadlines fall 300 ms apart too.
      const first = track(pool.acquire());
      clock.advance(300);
      const second = track(pool.acquire());
      clock.advance(300);
      const third = track(pool.acquire());
      clock.advance(TIMEOUT_MS - 601);
      await settle();
      const sent = `max 2, both held; callers join at 0, 300 and 600 ms; acquireTimeoutMs ${TIMEOUT_MS}`;
      if (first.state !== "pending")
        throw new CheckFailure("a caller gave up before its timeout", {
          sent: `${sent}; the clock at ${TIMEOUT_MS - 1} ms`,
          expected: "all three still waiting",
          received: `the first caller: ${stateOf(first)}`,
        });
      clock.advance(1);
      await settle();
      expectTimedOut(`${sent}; the clock at ${TIMEOUT_MS} ms`, "the first caller", first, { inUse: 2, waiting: 3 });
      if (second.state !== "pending" || third.state !== "pending")
        throw new CheckFailure("callers who joined later timed out with the first", {
          sent: `${sent}; the clock at ${TIMEOUT_MS} ms`,
          expected: "the second and third caller still waiting: their deadlines are later",
          received: `second: ${stateOf(second)}, third: ${stateOf(third)}`,
          hint: "Give each waiter a timer of its own, started when it joins the line.",
        });
      clock.advance(300);
      await settle();
      expectTimedOut(`${sent}; the clock at ${TIMEOUT_MS + 300} ms`, "the second caller", second, {
        inUse: 2,
        waiting: 2,
      });
      clock.advance(300);
      await settle();
      expectTimedOut(`${sent}; the clock at ${TIMEOUT_MS + 600} ms`, "the third caller", third, {
        inUse: 2,
        waiting: 1,
      });
    } finally {
      for (const connection of held) connection.release();
    }
  });

  test("a caller who was served never times out later, and its old deadline pushes nobody else out of line", async () => {
    const clock = new ManualClock();
    const { pool } = openPool({ max: 1, acquireTimeoutMs: TIMEOUT_MS, clock });
    const held = await within("acquire()", pool.acquire());
    const served = pool.acquire();
    await settle();
    held.release();
    const connection = await within("the waiting acquire(), after the holder released", served);
    clock.advance(TIMEOUT_MS / 2);
    const next = track(pool.acquire());
    // The first waiter's deadline passes now; the second's is still 500 ms away.
    clock.advance(TIMEOUT_MS / 2);
    await settle();
    const sent = `max 1: a caller waits, is served, and holds on; a second caller joins ${TIMEOUT_MS / 2} ms later; the clock passes the first one's deadline`;
    if (next.state !== "pending")
      throw new CheckFailure("the second caller left the line at the first caller's deadline", {
        sent,
        expected: "the second caller still waiting",
        received: stateOf(next),
        hint: "Cancel a waiter's timer when it is served: a timer left running fires later and removes whoever it finds.",
      });
    connection.release();
    await settle();
    if (next.state !== "resolved")
      throw new CheckFailure("the second caller was not served when the connection came back", {
        sent: `${sent}; then the first releases`,
        expected: "the second caller served",
        received: stateOf(next),
        hint: "Cancel a waiter's timer when it is served: a timer left running fires later and removes whoever it finds.",
      });
    next.value?.release();
  });

  test(`a full pool whose holders never release: pool.query() fails with PoolTimeoutError after about ${REAL_TIMEOUT_MS} ms instead of hanging`, async () => {
    const { pool } = openPool({ max: 2, acquireTimeoutMs: REAL_TIMEOUT_MS });
    const held = await holdAll(pool, 2);
    try {
      const sent = `max 2, acquireTimeoutMs ${REAL_TIMEOUT_MS} (the real clock), both connections held for ever: pool.query("SELECT 1")`;
      const started = performance.now();
      const error = await expectRejection(
        sent,
        PoolTimeoutError,
        () => within(sent, pool.query("SELECT 1"), REAL_TIMEOUT_MS + REAL_TIMEOUT_SLACK_MS),
        "Start a timer of acquireTimeoutMs for each waiter (on the pool's clock); when it fires, the waiter leaves the line with a PoolTimeoutError.",
      );
      const elapsed = Math.round(performance.now() - started);
      // A timer never fires early, but the two clocks may round a millisecond apart.
      if (elapsed < REAL_TIMEOUT_MS - 2)
        throw new CheckFailure("the query gave up before acquireTimeoutMs", {
          sent,
          expected: `a PoolTimeoutError after ${REAL_TIMEOUT_MS} ms`,
          received: `one after ${elapsed} ms`,
        });
      if (error.inUse !== 2 || error.waiting !== 1)
        throw new CheckFailure("the PoolTimeoutError miscounts the pool", {
          sent,
          expected: "inUse 2, waiting 1",
          received: `inUse ${error.inUse}, waiting ${error.waiting}: ${error.message}`,
        });
    } finally {
      for (const connection of held) connection.release();
    }
  });
});

function expectTimedOut(
  sent: string,
  who: string,
  outcome: Outcome<unknown>,
  counts: { inUse: number; waiting: number },
): void {
  if (outcome.state === "rejected" && outcome.error instanceof PoolTimeoutError) {
    const { inUse, waiting, timeoutMs } = outcome.error;
    if (inUse === counts.inUse && waiting === counts.waiting && timeoutMs === TIMEOUT_MS) return;
    throw new CheckFailure(`the PoolTimeoutError of ${who} miscounts the pool`, {
      sent,
      expected: `timeoutMs ${TIMEOUT_MS}, inUse ${counts.inUse}, waiting ${counts.waiting} (the caller giving up included)`,
      received: `timeoutMs ${timeoutMs}, inUse ${inUse}, waiting ${waiting}`,
      hint: "Build the error when the timer fires, before the waiter leaves the line: waiting counts it.",
    });
  }
  throw new CheckFailure(`${who} did not time out at its deadline`, {
    sent,
    expected: "a rejection with PoolTimeoutError",
    received: outcome.state === "rejected" ? `rejected: ${showError(outcome.error)}` : show(outcome.state),
    hint: "Schedule each waiter's timeout with the pool's clock (clock.schedule), not setTimeout: the checks move that clock.",
  });
}
