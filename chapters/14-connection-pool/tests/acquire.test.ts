// Stage 14.1: the pool lends a connection and takes it back. A released session is lent again
// instead of a new one being opened; many callers at once share at most max sessions; and min
// sessions are open before anyone asks. What the server holds is read from pg_stat_activity by
// the checks' own client, under the application_name each check gives its pool.
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { backendsOf, expectBackends, pidOf, show, useDatabase, usePools, within, withWitness } from "./pool.ts";

/** Queries sent at once to a pool of CONCURRENT_MAX: more than it may open, so most must wait. */
const CONCURRENT_QUERIES = 12;
const CONCURRENT_MAX = 3;

await stageWith([postgres], "14.1", (service) => {
  const db = useDatabase(service, "pool_acquire");
  const openPool = usePools(db);

  test("acquire() lends a working connection, on a session named by the pool's applicationName", async () => {
    const { pool, name } = openPool({ max: 2 });
    const connection = await within("acquire()", pool.acquire());
    try {
      const pid = await pidOf(connection, "acquire(), then query() on it");
      const pids = await withWitness(db().url, (client) => backendsOf(client, name));
      if (!pids.includes(pid))
        throw new CheckFailure("the session is not one of the pool's", {
          sent: `new Pool({ applicationName: "${name}" }).acquire(), then SELECT pg_backend_pid()`,
          expected: `pid ${pid} among the sessions named ${name} in pg_stat_activity`,
          received: `sessions named ${name}: ${show(pids)}`,
          hint: "Open each connection with connect(settings.connection): the pool's options carry the URL and the applicationName.",
        });
    } finally {
      connection.release();
    }
  });

  test("a released connection is lent again: the next acquire() gets the same session, and none is opened", async () => {
    const { pool, name } = openPool({ max: 2 });
    const first = await within("acquire()", pool.acquire());
    const firstPid = await pidOf(first, "the first acquire()");
    first.release();
    const second = await within("acquire() after release()", pool.acquire());
    try {
      const secondPid = await pidOf(second, "the second acquire()");
      if (secondPid !== firstPid)
        throw new CheckFailure("release() did not put the connection back to be lent again", {
          sent: "acquire(), release(), acquire()",
          expected: `the same session both times (pid ${firstPid})`,
          received: `pid ${firstPid}, then pid ${secondPid}`,
          hint: "release() makes the connection idle; acquire() lends an idle one before it opens a new one.",
        });
      await expectBackends(db().url, name, 1, { sent: "acquire(), release(), acquire()" });
    } finally {
      second.release();
    }
  });

  test("pool.query() runs on a pooled session and gives it back: ten in a row share one session", async () => {
    const { pool, name } = openPool({ max: 4 });
    const pids = new Set<number>();
    for (let i = 0; i < 10; i++) pids.add(await pidOf(pool, `pool.query() #${i + 1}`));
    if (pids.size !== 1)
      throw new CheckFailure("one query at a time used more than one session", {
        sent: "ten pool.query() calls, one after the other",
        expected: "one session for all of them",
        received: `${pids.size} sessions: ${show([...pids])}`,
        hint: "pool.query() is withConnection((c) => c.query(sql, params)): acquire, run, release in a finally.",
      });
    await expectBackends(db().url, name, 1, { sent: "ten pool.query() calls, one after the other" });
  });

  test(`${CONCURRENT_QUERIES} queries at once on a pool of max ${CONCURRENT_MAX}: all of them run, on ${CONCURRENT_MAX} sessions and never more`, async () => {
    const { pool, name } = openPool({ max: CONCURRENT_MAX });
    const sent = `${CONCURRENT_QUERIES} × pool.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.05)") at once`;
    const queries = Array.from({ length: CONCURRENT_QUERIES }, () =>
      pool.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.05)"),
    );
    const results = await within(sent, Promise.all(queries)).catch((error: unknown) => {
      if (error instanceof CheckFailure) throw error;
      throw new CheckFailure("a query failed", { sent, expected: "every query to run", received: String(error) });
    });
    const pids = new Set(results.map((result) => Number(result.rows[0]?.pid)));
    if (pids.size !== CONCURRENT_MAX)
      throw new CheckFailure(`the queries ran on ${pids.size} sessions`, {
        sent,
        expected: `exactly ${CONCURRENT_MAX} sessions: as many as max allows, and no more`,
        received: `${pids.size}: ${show([...pids])}`,
        hint: "Count connections that are still opening toward max (total = idle + in use + opening), and open one for each waiting caller while total < max.",
      });
    await expectBackends(db().url, name, CONCURRENT_MAX, { sent });
  });

  test("min sessions are opened before anyone asks, and stay open", async () => {
    const { pool, name } = openPool({ min: 2, max: 4 });
    const sent = "new Pool({ min: 2, max: 4 }), nothing acquired";
    await expectBackends(db().url, name, 2, {
      sent,
      hint: "The constructor opens connections until total (idle + in use + opening) reaches min.",
    });
    await pidOf(pool, "then pool.query()");
    await expectBackends(db().url, name, 2, { sent: `${sent}, then one pool.query()` });
  });
});
