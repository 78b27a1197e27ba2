// Stage 14.6: the pool says what it holds — stats() counts connections idle, in use and open,
// callers waiting, and connections opened and closed so far — and it ends cleanly. end() fails
// every waiting caller with PoolClosedError and refuses new ones, closes idle connections at
// once, lent ones when they come back and ones still opening as soon as they open, and resolves
// when no session of the pool is left on the server.
import { PoolClosedError, type PoolStats } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { ManualClock } from "./manual-clock.ts";
import {
  expectBackends,
  expectRejection,
  expectStats,
  SETTLE_MS,
  stillPending,
  useDatabase,
  usePools,
  within,
} from "./pool.ts";

const IDLE_TIMEOUT_MS = 1_000;
/** How long a check makes sure end() is still waiting for a lent connection: a correct pool waits for ever. */
const STILL_WAITING_MS = 150;

await stageWith([postgres], "14.6", (service) => {
  const db = useDatabase(service, "pool_shutdown");
  const openPool = usePools(db);

  test("stats() counts connections idle, in use and open, callers waiting, and connections opened and closed", async () => {
    const clock = new ManualClock();
    const { pool } = openPool({
      min: 1,
      max: 2,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      validateAfterIdleMs: Number.POSITIVE_INFINITY,
      clock,
    });
    const steps: [string, Partial<PoolStats>][] = [];
    const check = async (step: string, expected: Partial<PoolStats>) => {
      steps.push([step, expected]);
      await expectStats(pool, expected, { sent: steps.map(([s]) => s).join("; ") });
    };
    await check("new Pool({ min: 1, max: 2 })", { total: 1, idle: 1, inUse: 0, waiting: 0, created: 1, destroyed: 0 });
    const a = await within("acquire()", pool.acquire());
    const b = await within("acquire()", pool.acquire());
    await check("two acquire()", { total: 2, idle: 0, inUse: 2, waiting: 0, created: 2, destroyed: 0 });
    const c = pool.acquire();
    await check("a third acquire() waits", { total: 2, idle: 0, inUse: 2, waiting: 1, created: 2, destroyed: 0 });
    a.release();
    const third = await within("the third acquire(), once the first connection is released", c);
    await check("the first released: the waiting caller gets it", { total: 2, idle: 0, inUse: 2, waiting: 0 });
    b.release();
    third.release();
    await check("both released", { total: 2, idle: 2, inUse: 0, waiting: 0, created: 2, destroyed: 0 });
    clock.advance(IDLE_TIMEOUT_MS);
    await check(`${IDLE_TIMEOUT_MS} ms idle: one closed, down to min`, {
      total: 1,
      idle: 1,
      inUse: 0,
      waiting: 0,
      created: 2,
      destroyed: 1,
    });
  });

  test("end() fails every waiting caller with PoolClosedError, refuses new ones, and resolves once the lent connection is back and closed", async () => {
    const { pool, name } = openPool({ max: 1, clock: new ManualClock() });
    const held = await within("acquire()", pool.acquire());
    const waiting = [pool.acquire(), pool.acquire()];
    for (const promise of waiting) promise.catch(() => undefined);
    const ending = pool.end();
    const sent = "max 1: one connection held, two callers waiting, then end()";
    for (const [i, promise] of waiting.entries())
      await expectRejection(
        `${sent}: waiting caller ${i + 1}`,
        PoolClosedError,
        () => promise,
        "end() fails every waiter in the queue with PoolClosedError.",
      );
    await expectRejection(`${sent}; acquire() after end()`, PoolClosedError, () => pool.acquire());
    if (!(await stillPending(ending, STILL_WAITING_MS)))
      throw new CheckFailure("end() resolved while a connection was still lent", {
        sent,
        expected: "end() still waiting: the lent connection is closed when it is given back",
        received: "end() had resolved",
        hint: "end() resolves only when nothing is open, opening or closing; a lent connection is closed on release().",
      });
    held.release();
    await within(`${sent}; then the holder releases: end() must resolve`, ending, SETTLE_MS);
    await expectBackends(db().url, name, 0, { sent: `${sent}; release(); end() resolved` });
    await expectStats(pool, { total: 0, idle: 0, inUse: 0, waiting: 0 }, { sent: `${sent}; release(); end()` });
  });

  test("end() right after the pool is made closes the sessions still opening, and leaves no backend behind", async () => {
    const { pool, name } = openPool({ min: 3, max: 3 });
    const sent = "new Pool({ min: 3, max: 3 }), then end() at once, while its sessions are opening";
    await within(sent, pool.end(), SETTLE_MS);
    await expectBackends(db().url, name, 0, {
      sent,
      hint: "A connection that opens after end() is closed at once, and end() waits for that close.",
    });
    const { created, destroyed, total } = pool.stats();
    if (total !== 0 || created !== destroyed)
      throw new CheckFailure("stats() after end() do not add up", {
        sent,
        expected: "total 0, and as many destroyed as created",
        received: `total ${total}, created ${created}, destroyed ${destroyed}`,
      });
    await within(`${sent}; end() again`, pool.end(), SETTLE_MS);
  });
});
