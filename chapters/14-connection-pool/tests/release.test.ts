// Stage 14.5: a connection is given back exactly once. Given back twice, it would be lent to two
// callers at the same time, who would run their statements in each other's transactions: so
// release() a second time throws AlreadyReleasedError, and so does a query through a released
// connection. withConnection() gives the connection back however its callback ends — closed
// instead if its session ended, lent again after an ordinary SQL error.
import { AdminShutdown, AlreadyReleasedError, ConnectionError, SqlSyntaxError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { ManualClock } from "./manual-clock.ts";
import {
  expectRejection,
  pidOf,
  show,
  showError,
  terminate,
  useDatabase,
  usePools,
  within,
  withWitness,
} from "./pool.ts";

await stageWith([postgres], "14.5", (service) => {
  const db = useDatabase(service, "pool_release");
  const openPool = usePools(db);

  test("release() a second time throws AlreadyReleasedError, and the connection is not lent to two callers", async () => {
    const { pool } = openPool({ max: 2, clock: new ManualClock() });
    const connection = await within("acquire()", pool.acquire());
    connection.release();
    let thrown: unknown;
    try {
      connection.release();
    } catch (error) {
      thrown = error;
    }
    if (!(thrown instanceof AlreadyReleasedError))
      throw new CheckFailure("a second release() did not throw AlreadyReleasedError", {
        sent: "acquire(), release(), release()",
        expected: "the second release() to throw AlreadyReleasedError",
        received: thrown === undefined ? "it returned" : showError(thrown),
        hint: "The PooledConnection remembers that it was released; release() throws when it already was.",
      });
    const [a, b] = await within("two acquire() at once", Promise.all([pool.acquire(), pool.acquire()]));
    try {
      const pids = [await pidOf(a, "the first acquire()"), await pidOf(b, "the second acquire()")];
      if (pids[0] === pids[1])
        throw new CheckFailure("one session was lent to two callers at once", {
          sent: "acquire(), release(), release(), then two acquire() at once",
          expected: "two sessions",
          received: `pid ${pids[0]} twice`,
          hint: "The refused second release() must change nothing: check before giving the connection back.",
        });
    } finally {
      a.release();
      b.release();
    }
  });

  test("a query through a released connection throws AlreadyReleasedError and sends nothing", async () => {
    const { pool } = openPool({ max: 1, clock: new ManualClock() });
    const released = await within("acquire()", pool.acquire());
    const pid = await pidOf(released, "acquire()");
    released.release();
    const holder = await within("acquire() by another caller", pool.acquire());
    try {
      const sent = "acquire(), release(); another caller acquires the session; query() through the released one";
      await expectRejection(
        sent,
        AlreadyReleasedError,
        () => released.query("SELECT 'sent after release' AS late"),
        "query() throws AlreadyReleasedError once release() was called: the session may already be someone else's.",
      );
      const last = await withWitness(db().url, async (client) => {
        const { rows } = await client.query<{ query: string }>("SELECT query FROM pg_stat_activity WHERE pid = $1", [
          pid,
        ]);
        return rows[0]?.query;
      });
      if (last?.includes("sent after release"))
        throw new CheckFailure("the query was sent on the session after release()", {
          sent,
          expected: "nothing sent",
          received: `pg_stat_activity.query of pid ${pid}: ${show(last)}`,
        });
    } finally {
      holder.release();
    }
  });

  test("withConnection() gives the connection back when its callback throws, and rethrows that error", async () => {
    // The pool's default acquire timeout: a connection never given back makes the next query
    // wait, and within() (CALL_TIMEOUT_MS) turns that wait into this check's failure.
    const { pool } = openPool({ max: 1 });
    const thrown = new Error("the callback failed");
    const sent = 'max 1: withConnection(async (c) => { await c.query("SELECT 1"); throw new Error(…) })';
    const error = await expectRejection(sent, Error, () =>
      pool.withConnection(async (connection) => {
        await connection.query("SELECT 1");
        throw thrown;
      }),
    );
    if (error !== thrown)
      throw new CheckFailure("withConnection() did not rethrow the callback's error", {
        sent,
        expected: showError(thrown),
        received: showError(error),
      });
    await within(`${sent}; then pool.query("SELECT 1")`, pool.query("SELECT 1")).catch((failure: unknown) => {
      throw new CheckFailure("the connection was not given back", {
        sent: `${sent}; then pool.query("SELECT 1")`,
        expected: "the query to run on the connection given back",
        received: failure instanceof CheckFailure ? failure.received : showError(failure),
        hint: "Release in a finally block: try { return await work(connection); } finally { connection.release(); }",
      });
    });
  });

  test("withConnection(): a connection whose session ended in the callback is closed, not lent again", async () => {
    const { pool } = openPool({ max: 1, clock: new ManualClock() });
    let pid = 0;
    const sent =
      'withConnection(async (c) => { kill its session with pg_terminate_backend; await c.query("SELECT 1") })';
    const error = await expectRejection(sent, Error, () =>
      pool.withConnection(async (connection) => {
        pid = await pidOf(connection, "withConnection()");
        await terminate(db().url, [pid]);
        await connection.query("SELECT 1");
      }),
    );
    if (!(error instanceof ConnectionError || error instanceof AdminShutdown))
      throw new CheckFailure("the query on the killed session did not fail with a typed error", {
        sent,
        expected: "AdminShutdown (57P01) or ConnectionError",
        received: showError(error),
      });
    const next = await pidOf(pool, `${sent}; then pool.query()`).catch((failure: unknown) => {
      throw new CheckFailure("the killed session was lent again", {
        sent: `${sent}; then pool.query()`,
        expected: "the query to run on a new session",
        received: failure instanceof CheckFailure ? failure.received : showError(failure),
        hint: "PooledConnection.query() marks the connection broken when endsSession(error); release() tells the pool, which closes it.",
      });
    });
    if (next === pid)
      throw new CheckFailure("the killed session's pid came back", {
        sent,
        expected: "a new session",
        received: `pid ${next}`,
      });
  });

  test("a query that fails with an ordinary SQL error leaves its session in the pool", async () => {
    const { pool } = openPool({ max: 1, clock: new ManualClock() });
    const pid = await pidOf(pool, "pool.query()");
    const sent = 'pool.query("SELEC 1"), a syntax error';
    await expectRejection(sent, SqlSyntaxError, () => pool.query("SELEC 1"));
    const next = await pidOf(pool, `${sent}; then pool.query()`);
    if (next !== pid)
      throw new CheckFailure("a session that only saw a syntax error was closed", {
        sent,
        expected: `the same session, pid ${pid}`,
        received: `pid ${next}`,
        hint: "Only an error that ends the session (ConnectionError, or a FATAL or PANIC one) breaks a connection; an ERROR leaves it usable.",
      });
  });
});
