// Stage 14.3: two times per connection. How long it has sat idle closes the surplus — above min,
// after idleTimeoutMs — and never a connection in use. How old it is recycles it: at
// maxLifetimeMs from its opening it is closed instead of being lent again, and min is refilled.
// The pool runs on a hand-held clock (manual-clock.ts); what the server holds is read from
// pg_stat_activity.
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { ManualClock } from "./manual-clock.ts";
import { backendsOf, eventually, expectBackends, pidOf, useDatabase, usePools, within, withWitness } from "./pool.ts";

const IDLE_TIMEOUT_MS = 10_000;
const LIFETIME_MS = 60_000;
/** How long a check looks for a close that must not happen: a correct pool never does it. */
const QUIET_MS = 200;

/** The sessions named `name` once QUIET_MS have passed: for what must still be there. */
async function backendsAfterQuiet(url: string, name: string): Promise<number[]> {
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  return withWitness(url, (client) => backendsOf(client, name));
}

await stageWith([postgres], "14.3", (service) => {
  const db = useDatabase(service, "pool_idle");
  const openPool = usePools(db);

  test(`idle connections above min are closed after idleTimeoutMs (${IDLE_TIMEOUT_MS} ms), down to min and no further`, async () => {
    const clock = new ManualClock();
    const { pool, name } = openPool({
      min: 1,
      max: 3,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      validateAfterIdleMs: Number.POSITIVE_INFINITY,
      clock,
    });
    const held = await within("three acquire() at once", Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]));
    const opened: number[] = [];
    for (const connection of held) opened.push(await pidOf(connection, "one of three acquire() at once"));
    for (const connection of held) connection.release();
    const sent = `min 1, max 3: three connections lent and released, then the clock moved on`;
    await expectBackends(db().url, name, 3, { sent: `${sent} by 0 ms` });
    clock.advance(IDLE_TIMEOUT_MS - 1);
    const early = await backendsAfterQuiet(db().url, name);
    if (early.length !== 3)
      throw new CheckFailure("idle connections were closed before idleTimeoutMs", {
        sent: `${sent} by ${IDLE_TIMEOUT_MS - 1} ms`,
        expected: "3 sessions still open",
        received: `${early.length}`,
      });
    clock.advance(1);
    // The one kept for min is one of the three: closing all of them and opening a new one for
    // min would throw away a warm session and make the next caller wait for a handshake.
    const kept = await pidOf(pool, `${sent} by ${IDLE_TIMEOUT_MS} ms, then pool.query()`);
    if (!opened.includes(kept))
      throw new CheckFailure("every idle connection was closed, min included, and a new one opened", {
        sent: `${sent} by ${IDLE_TIMEOUT_MS} ms, then pool.query()`,
        expected: `one of the idle sessions kept open for min: pid ${opened.join(", ")}`,
        received: `a new session, pid ${kept}`,
        hint: "When an idle timeout fires, close the connection only if the total is still above min: the last one stays.",
      });
    await expectBackends(db().url, name, 1, {
      sent: `${sent} by ${IDLE_TIMEOUT_MS} ms`,
      hint: "When a connection becomes idle, schedule its idle timeout on the pool's clock; when it fires, close it if the total is above min.",
    });
  });

  test("a connection in use is never closed for idleness, and its idle time starts again when it is given back", async () => {
    const clock = new ManualClock();
    const { pool, name } = openPool({
      max: 2,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      validateAfterIdleMs: Number.POSITIVE_INFINITY,
      clock,
    });
    const first = await within("acquire()", pool.acquire());
    const pid = await pidOf(first, "acquire()");
    first.release();
    clock.advance(IDLE_TIMEOUT_MS / 2);
    const again = await within("acquire() again", pool.acquire());
    const sent = `acquire(), release(), ${IDLE_TIMEOUT_MS / 2} ms later acquire() again and hold it for ${IDLE_TIMEOUT_MS} ms`;
    try {
      clock.advance(IDLE_TIMEOUT_MS);
      // The first idle period's timeout is due now: it must have been cancelled when the connection was lent.
      const stillPid = await pidOf(again, `${sent}, then query() on it`).catch((error: unknown) => {
        throw new CheckFailure("the connection in use was closed by its old idle timeout", {
          sent: `${sent}, then query() on it`,
          expected: "the query to run",
          received: error instanceof CheckFailure ? error.received : String(error),
          hint: "Cancel a connection's idle timeout when it is lent.",
        });
      });
      if (stillPid !== pid)
        throw new CheckFailure("the second acquire() got a new session", {
          sent,
          expected: `the idle session, pid ${pid}`,
          received: `pid ${stillPid}`,
        });
    } finally {
      again.release();
    }
    clock.advance(IDLE_TIMEOUT_MS - 1);
    const early = await backendsAfterQuiet(db().url, name);
    if (early.length !== 1)
      throw new CheckFailure("the connection was closed before a full idleTimeoutMs since it was given back", {
        sent: `${sent}, release(), ${IDLE_TIMEOUT_MS - 1} ms later`,
        expected: "1 session still open",
        received: `${early.length}`,
        hint: "The idle time starts when the connection is given back: schedule a new timeout each time.",
      });
    clock.advance(1);
    await expectBackends(db().url, name, 0, {
      sent: `${sent}, release(), ${IDLE_TIMEOUT_MS} ms later (min 0)`,
    });
  });

  test(`a connection that reaches maxLifetimeMs (${LIFETIME_MS} ms) while lent is closed when given back, and replaced to keep min`, async () => {
    const clock = new ManualClock();
    const { pool, name } = openPool({
      min: 1,
      max: 2,
      maxLifetimeMs: LIFETIME_MS,
      idleTimeoutMs: Number.POSITIVE_INFINITY,
      validateAfterIdleMs: Number.POSITIVE_INFINITY,
      clock,
    });
    await expectBackends(db().url, name, 1, { sent: "new Pool({ min: 1 })" });
    const connection = await within("acquire()", pool.acquire());
    const pid = await pidOf(connection, "acquire()");
    clock.advance(LIFETIME_MS);
    connection.release();
    const sent = `min 1: acquire(), hold it ${LIFETIME_MS} ms (its maxLifetimeMs), release()`;
    await withWitness(db().url, (client) =>
      eventually(
        {
          sent,
          expected: `pid ${pid} closed, and one new session open (min 1)`,
          hint: "On release, close a connection whose age (now − createdAt) has reached maxLifetimeMs; closing one opens what min needs.",
        },
        () => backendsOf(client, name),
        (pids) => !pids.includes(pid) && pids.length === 1,
      ),
    );
    const next = await pidOf(pool, `${sent}, then pool.query()`);
    if (next === pid)
      throw new CheckFailure("the old session was lent again", {
        sent,
        expected: "a new session",
        received: `pid ${next}`,
      });
  });

  test("an idle connection that has reached maxLifetimeMs is not lent: the caller gets a new session", async () => {
    const clock = new ManualClock();
    const { pool } = openPool({
      max: 2,
      maxLifetimeMs: LIFETIME_MS,
      idleTimeoutMs: Number.POSITIVE_INFINITY,
      validateAfterIdleMs: Number.POSITIVE_INFINITY,
      clock,
    });
    const pid = await pidOf(pool, "pool.query()");
    clock.advance(LIFETIME_MS);
    const next = await pidOf(pool, `${LIFETIME_MS} ms later, pool.query() again`);
    if (next === pid)
      throw new CheckFailure("a connection past its lifetime was lent", {
        sent: `pool.query(), then ${LIFETIME_MS} ms later (maxLifetimeMs) pool.query() again`,
        expected: "a new session",
        received: `the old one, pid ${pid}`,
        hint: "Before lending an idle connection, check its age; one that has reached maxLifetimeMs is closed, and the caller gets another.",
      });
  });

  test("a connection's lifetime counts from its opening, not from its last use", async () => {
    const clock = new ManualClock();
    const { pool } = openPool({
      max: 2,
      maxLifetimeMs: LIFETIME_MS,
      idleTimeoutMs: Number.POSITIVE_INFINITY,
      validateAfterIdleMs: Number.POSITIVE_INFINITY,
      clock,
    });
    const step = (LIFETIME_MS * 2) / 3;
    const pid = await pidOf(pool, "pool.query()");
    clock.advance(step);
    const middle = await pidOf(pool, `${step} ms later, pool.query()`);
    clock.advance(step);
    const last = await pidOf(pool, `${2 * step} ms after the first, pool.query()`);
    const sent = `pool.query() at 0, ${step} and ${2 * step} ms, maxLifetimeMs ${LIFETIME_MS}`;
    if (middle !== pid)
      throw new CheckFailure("a connection younger than maxLifetimeMs was replaced", {
        sent,
        expected: `pid ${pid} again at ${step} ms`,
        received: `pid ${middle}`,
      });
    if (last === pid)
      throw new CheckFailure("a connection older than maxLifetimeMs was lent", {
        sent,
        expected: `a new session at ${2 * step} ms: pid ${pid} was opened ${2 * step} ms before`,
        received: `pid ${pid} again`,
        hint: "Measure the age from when the connection was opened (createdAt), which never changes; not from its last release.",
      });
  });
});
