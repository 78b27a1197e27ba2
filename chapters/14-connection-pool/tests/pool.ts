// What the checks of chapter 14 share: pools opened on the check file's database under a name of
// their own, so that pg_stat_activity shows their sessions and nobody else's; the checks' own
// `pg` client as the witness of what the server holds; and waits for what a pool does on its own
// time (opening and closing sessions), each with one budget and a failure that says what it saw.
import { isDeepStrictEqual } from "node:util";
import { Pool, type PoolOptions, type PoolStats } from "@lab/src/tinyorm/index.ts";
import type pg from "pg";
import { afterEach } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import type { TestDatabase } from "../../../shared/services/index.ts";
import { show, showError, within, withWitness } from "../../11-pg-basics/tests/sql.ts";

export { expectRejection, show, showError, useDatabase, within, withWitness } from "../../11-pg-basics/tests/sql.ts";

/**
 * How long a pool may take over what it does on its own: opening or closing a few sessions, and
 * a backend leaving pg_stat_activity once its session ends. Milliseconds on a quiet machine; the
 * rest is for one busy with another test run.
 */
export const SETTLE_MS = 5_000;
/** How long the cleanup after a failed check waits for end() before terminating the sessions itself. */
const FAILED_END_MS = 500;
/** How often a wait looks again. */
const POLL_MS = 25;

let pools = 0;

/** A pool the check made, and the application_name its sessions carry. */
export interface CheckedPool {
  pool: Pool;
  name: string;
}

/**
 * Opens pools on the check file's database, each under a name no other pool uses, and after
 * each check ends them and terminates whatever sessions they left, so one failed check does not
 * leave its sessions to the next.
 */
export function usePools(db: () => TestDatabase): (options?: Omit<PoolOptions, "url">) => CheckedPool {
  const opened: CheckedPool[] = [];
  afterEach(async (context) => {
    // After a failed check, end() may well be what is broken: give it a moment, not the budget.
    const failed = (context.task.result?.errors?.length ?? 0) > 0;
    for (const { pool, name } of opened.splice(0)) {
      // Through a promise, so that an end() that throws at once cannot fail the cleanup itself.
      const ended = Promise.resolve().then(() => pool.end());
      await within("end() after the check", ended, failed ? FAILED_END_MS : SETTLE_MS).catch(() => undefined);
      await withWitness(db().url, (client) =>
        client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [name]),
      );
    }
  });
  return (options = {}) => {
    const name = `tinyorm_14_${process.pid}_${++pools}`;
    const pool = new Pool({ url: db().url, applicationName: name, ...options });
    opened.push({ pool, name });
    return { pool, name };
  };
}

/** The pids of the sessions named `name`, as pg_stat_activity lists them. */
export async function backendsOf(client: pg.Client, name: string): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE application_name = $1 ORDER BY pid",
    [name],
  );
  return rows.map((row) => row.pid);
}

/** What a wait is for, as a failure will say it. */
export interface Awaited {
  sent: string;
  expected: string;
  hint?: string;
}

/**
 * Looks at `probe()` until `done` holds, for at most `budgetMs`; fails with the last value seen.
 * A pool opens and closes sessions on its own time: the check waits for the outcome, not a step.
 */
export async function eventually<T>(
  what: Awaited,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  budgetMs = SETTLE_MS,
): Promise<T> {
  const until = Date.now() + budgetMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() >= until)
      throw new CheckFailure(`not within ${budgetMs} ms`, {
        kind: "timeout",
        sent: what.sent,
        expected: `${what.expected} within ${budgetMs} ms`,
        received: `still ${show(value)}`,
        ...(what.hint ? { hint: what.hint } : {}),
      });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until pg_stat_activity lists exactly `count` sessions named `name`; returns their pids. */
export async function expectBackends(
  url: string,
  name: string,
  count: number,
  what: Omit<Awaited, "expected">,
): Promise<number[]> {
  return withWitness(url, (client) =>
    eventually(
      { ...what, expected: `${count} session(s) named ${name} in pg_stat_activity` },
      () => backendsOf(client, name),
      (pids) => pids.length === count,
    ),
  );
}

/** Waits until the pool's stats() include `expected` (the fields given, and only those). */
export async function expectStats(pool: Pool, expected: Partial<PoolStats>, what: Omit<Awaited, "expected">) {
  const fields = Object.keys(expected) as (keyof PoolStats)[];
  const pick = () => {
    const stats = pool.stats();
    return Object.fromEntries(fields.map((field) => [field, stats[field]]));
  };
  await eventually({ ...what, expected: `stats() with ${show(expected)}` }, pick, (seen) =>
    isDeepStrictEqual(seen, expected),
  );
}

/** The pid of the session a query runs on. */
export async function pidOf(
  target: { query(sql: string): Promise<{ rows: Record<string, unknown>[] }> },
  what: string,
): Promise<number> {
  const sql = "SELECT pg_backend_pid() AS pid";
  try {
    const { rows } = await within(`${what}: ${sql}`, target.query(sql));
    return Number(rows[0]?.pid);
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure("the query failed", {
      sent: `${what}: ${sql}`,
      expected: "a pid",
      received: showError(error),
    });
  }
}

/** True when `promise` is still pending after `ms`: for what must not happen yet. */
export async function stillPending(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !settled;
}

/** Runs `work` and collects every uncaught exception meanwhile: a pool must never crash the process. */
export async function withoutCrash<T>(what: string, work: () => Promise<T>, hint: string): Promise<T> {
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  process.on("uncaughtExceptionMonitor", record);
  try {
    const result = await work();
    // The driver reads a killed session's goodbye on its own time: give it a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (uncaught.length > 0)
      throw new CheckFailure("the process crashed", {
        sent: what,
        expected: "no uncaught exception",
        received: `an uncaught exception: ${showError(uncaught[0])}`,
        hint,
      });
    return result;
  } finally {
    process.off("uncaughtExceptionMonitor", record);
  }
}

/** Terminates the sessions with these pids from the checks' own client, and waits until they are gone. */
export async function terminate(url: string, pids: readonly number[]): Promise<void> {
  await withWitness(url, async (client) => {
    await client.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [pids]);
    await eventually(
      { sent: `pg_terminate_backend(${pids.join(", ")})`, expected: "those sessions gone from pg_stat_activity" },
      async () =>
        (await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE pid = ANY($1::int[])", [pids]))
          .rows,
      (rows) => rows.length === 0,
    );
  });
}
