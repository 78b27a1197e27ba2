// Stage 14.4: a session can die while the pool holds it — pg_terminate_backend(), a restart, a
// cut cable — and the pool finds out only by asking. A connection idle for validateAfterIdleMs or
// longer is checked with one round trip before it is lent, and one found dead is closed and
// replaced: the caller never sees it. A session killed under a running query fails that query
// with a typed error, and the pool closes it instead of lending it again. The process lives on.
import { AdminShutdown, ConnectionError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { ManualClock } from "./manual-clock.ts";
import {
  backendsOf,
  eventually,
  expectBackends,
  pidOf,
  show,
  showError,
  terminate,
  useDatabase,
  usePools,
  within,
  withoutCrash,
  withWitness,
} from "./pool.ts";

const VALIDATE_AFTER_MS = 1_000;
const MARKER_SQL = "SELECT 'the last query of the check' AS marker";
const CRASH_HINT =
  "Connection (chapter 11) listens for the driver's 'error' event; the pool must not add a way to crash, such as a close() whose rejection nobody catches.";

/** The text of the last query the session `pid` ran, as pg_stat_activity shows it. */
async function lastQueryOf(url: string, pid: number): Promise<string | undefined> {
  return withWitness(url, async (client) => {
    const { rows } = await client.query<{ query: string }>("SELECT query FROM pg_stat_activity WHERE pid = $1", [pid]);
    return rows[0]?.query;
  });
}

await stageWith([postgres], "14.4", (service) => {
  const db = useDatabase(service, "pool_eviction");
  const openPool = usePools(db);

  test(`a connection idle for validateAfterIdleMs (${VALIDATE_AFTER_MS} ms) is checked with a round trip before it is lent; one used more recently is lent as it is`, async () => {
    const clock = new ManualClock();
    const { pool } = openPool({ max: 1, validateAfterIdleMs: VALIDATE_AFTER_MS, clock });
    const connection = await within("acquire()", pool.acquire());
    const pid = await pidOf(connection, "acquire()");
    await within(MARKER_SQL, connection.query(MARKER_SQL));
    connection.release();
    clock.advance(VALIDATE_AFTER_MS - 1);
    const soon = await within("acquire()", pool.acquire());
    const sentSoon = `query "${MARKER_SQL}", release(), ${VALIDATE_AFTER_MS - 1} ms later acquire()`;
    const afterSoon = await lastQueryOf(db().url, pid);
    soon.release();
    if (afterSoon !== MARKER_SQL)
      throw new CheckFailure("a connection used moments ago was checked before it was lent", {
        sent: sentSoon,
        expected: `pg_stat_activity.query of pid ${pid} still ${show(MARKER_SQL)}: no round trip for a connection idle for less than validateAfterIdleMs`,
        received: show(afterSoon),
        hint: "Check only a connection idle for validateAfterIdleMs or longer (now − the time it was given back): the check costs a round trip on every acquire.",
      });
    await within(MARKER_SQL, pool.query(MARKER_SQL));
    clock.advance(VALIDATE_AFTER_MS);
    const later = await within("acquire()", pool.acquire());
    const afterLater = await lastQueryOf(db().url, pid);
    later.release();
    if (afterLater === MARKER_SQL)
      throw new CheckFailure("a connection idle for validateAfterIdleMs was lent without a check", {
        sent: `query "${MARKER_SQL}", ${VALIDATE_AFTER_MS} ms later acquire()`,
        expected: `a check (such as SELECT 1) run on pid ${pid} before it was lent`,
        received: `pg_stat_activity.query still ${show(afterLater)}`,
        hint: "Before lending a connection idle for validateAfterIdleMs or longer, run a cheap query on it; only one that answers is lent.",
      });
  });

  test("idle sessions killed with pg_terminate_backend are found dead at checkout, closed and replaced: the caller gets a live one", async () => {
    const clock = new ManualClock();
    const { pool, name } = openPool({ min: 2, max: 2, validateAfterIdleMs: VALIDATE_AFTER_MS, clock });
    const killed = await expectBackends(db().url, name, 2, { sent: "new Pool({ min: 2, max: 2 })" });
    const sent = `min 2: both idle sessions killed (pg_terminate_backend), the clock moved ${VALIDATE_AFTER_MS} ms, then pool.query()`;
    const pid = await withoutCrash(
      sent,
      async () => {
        await terminate(db().url, killed);
        clock.advance(VALIDATE_AFTER_MS);
        return pidOf(pool, sent).catch((error: unknown) => {
          throw new CheckFailure("the pool lent a dead session", {
            sent,
            expected: "the query to run on a new session",
            received: error instanceof CheckFailure ? error.received : showError(error),
            hint: "Check a connection that sat idle for validateAfterIdleMs before lending it; one whose check fails is closed, and acquire() tries the next (or opens one).",
          });
        });
      },
      CRASH_HINT,
    );
    if (killed.includes(pid))
      throw new CheckFailure("the query ran on a killed session", {
        sent,
        expected: "a new session",
        received: `pid ${pid}`,
      });
    await withWitness(db().url, (client) =>
      eventually(
        { sent, expected: "two live sessions again (min 2), neither of them killed" },
        () => backendsOf(client, name),
        (pids) => pids.length === 2 && pids.every((p) => !killed.includes(p)),
      ),
    );
  });

  test("a session killed mid-query: its caller gets a typed error, the process lives on, and the pool replaces the session", async () => {
    // The clock never moves: no check at checkout can save a pool that lends the killed session again.
    const clock = new ManualClock();
    const { pool, name } = openPool({ min: 1, max: 1, validateAfterIdleMs: VALIDATE_AFTER_MS, clock });
    const [pid] = await expectBackends(db().url, name, 1, { sent: "new Pool({ min: 1, max: 1 })" });
    const sent = 'pool.query("SELECT pg_sleep(30)"), and while it runs pg_terminate_backend() of its session';
    const next = await withoutCrash(
      sent,
      async () => {
        const running = pool.query("SELECT pg_sleep(30)");
        running.catch(() => undefined);
        await withWitness(db().url, (client) =>
          eventually(
            { sent, expected: `pid ${pid} running pg_sleep` },
            async () =>
              (
                await client.query<{ state: string }>(
                  "SELECT state FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%'",
                  [pid],
                )
              ).rows[0]?.state,
            (state) => state === "active",
          ),
        );
        await terminate(db().url, [pid!]);
        let outcome: unknown;
        try {
          outcome = await within(sent, running);
        } catch (error) {
          outcome = error;
        }
        const typed = outcome instanceof ConnectionError || outcome instanceof AdminShutdown;
        if (!typed)
          throw new CheckFailure("the caller of the killed query did not get a typed error", {
            sent,
            expected: "a rejection with AdminShutdown (57P01) or ConnectionError",
            received: outcome instanceof Error ? showError(outcome) : `success: ${show(outcome)}`,
          });
        return pidOf(pool, `${sent}; then pool.query()`).catch((error: unknown) => {
          throw new CheckFailure("the pool lent the killed session again", {
            sent: `${sent}; then pool.query()`,
            expected: "the query to run on a new session",
            received: error instanceof CheckFailure ? error.received : showError(error),
            hint: "A query that fails with endsSession(error) true (ConnectionError, or a FATAL server error such as AdminShutdown) marks the connection broken; release() then closes it instead of making it idle.",
          });
        });
      },
      CRASH_HINT,
    );
    if (next === pid)
      throw new CheckFailure("the killed session's pid came back", {
        sent,
        expected: "a new session",
        received: `pid ${next}`,
      });
    await expectBackends(db().url, name, 1, { sent: `${sent}; min 1` });
  });
});
