// What the checks of chapter 15 share: your DB configured on the check file's database, with a
// pool or with its one connection; gates that order the steps of two transactions explicitly
// (each step waits for the gate the previous one opened, never for a timer); the checks' own
// `pg` client as the witness of what was committed; and outcomes of calls that may fail.
import { DB } from "@lab/src/tinyorm/index.ts";
import { afterAll } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import type { PostgresService, TestDatabase } from "../../../shared/services/index.ts";
import { useDatabase } from "../../11-pg-basics/tests/sql.ts";
import { rethrowTodo, show, showError, within, withWitness } from "../../13-models-and-fields/tests/orm.ts";

export {
  expectEqual,
  expectFailure,
  expectThat,
  run,
  show,
  showError,
  within,
  withWitness,
  witnessRows,
} from "../../13-models-and-fields/tests/orm.ts";
export { eventually } from "../../14-connection-pool/tests/pool.ts";

/** How DB reaches the database in a check: a pool of `max` sessions, or its one connection. */
export type Mode = { pool: number } | "one connection";

export function describeMode(mode: Mode): string {
  return mode === "one connection" ? "DB with one connection (no pool)" : `DB with a pool of max ${mode.pool}`;
}

export interface TransactionDatabase {
  db: () => TestDatabase;
  /** The application_name of DB's sessions: how the checks find them in pg_stat_activity. */
  session: string;
  /** Closes whatever DB had open and configures it on this database in `mode`; returns what was called. */
  configure(mode: Mode): Promise<string>;
}

/** A fresh database built from `schema`, and DB configured on it by each check. */
export function useTransactionDatabase(service: PostgresService, label: string, schema: string): TransactionDatabase {
  const db = useDatabase(service, label, schema);
  // Unique on the server, not only in this file: other gradings share the server (a mutant's
  // tree may leave a session idle in transaction), and pg_stat_activity shows every database's.
  const session = `tinyorm-15-${label}-${process.pid}`;
  afterAll(() => DB.close().catch(() => undefined));
  return {
    db,
    session,
    async configure(mode) {
      await DB.close().catch(() => undefined);
      const pool = mode === "one connection" ? {} : { pool: { max: mode.pool } };
      DB.configure({ url: db().url, applicationName: session, ...pool });
      return describeMode(mode);
    },
  };
}

/** Runs `sql` on the checks' own client, outside any transaction of yours (autocommit). */
export async function witness(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return withWitness(url, async (client) => (await client.query(sql, params)).rows);
}

/**
 * How long the checks' TRUNCATE between two checks waits for the table. A transaction of DB's
 * left open (no COMMIT, no ROLLBACK) holds its lock on the table for ever; without a limit the
 * check would hang until vitest's own timeout and say nothing of why.
 */
const EMPTY_TABLE_LOCK_TIMEOUT_MS = 10_000;

/** TRUNCATE `table` from the checks' own session; a lock held by your code is named, not waited on. */
export async function emptyTable(url: string, table: string): Promise<void> {
  await withWitness(url, async (client) => {
    await client.query(`SET lock_timeout = ${EMPTY_TABLE_LOCK_TIMEOUT_MS}`);
    try {
      await client.query(`TRUNCATE ${table}`);
    } catch (error) {
      // 55P03 lock_not_available: lock_timeout ran out (docs, Appendix A).
      if (Reflect.get(error as object, "code") !== "55P03") throw error;
      throw new CheckFailure(`the table ${table} stayed locked by one of DB's sessions`, {
        sent: `the checks' own session, between two checks: TRUNCATE ${table}`,
        expected: `the table free within ${EMPTY_TABLE_LOCK_TIMEOUT_MS / 1000} s`,
        received: showError(error),
        hint: "A transaction of DB's is still open after the last check ended: every DB.transaction() must end with COMMIT or, when its callback throws, ROLLBACK — until then it keeps its locks.",
      });
    }
  });
}

/** A step one side of a check waits for and the other side opens: the order is written, never timed. */
export class Gate {
  readonly #opened: Promise<void>;
  #open: () => void = () => undefined;
  isOpen = false;

  constructor(readonly name: string) {
    this.#opened = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  open(): void {
    this.isOpen = true;
    this.#open();
  }

  /** Waits for the gate, at most `ms`: a gate never opened means the other side never got there. */
  passed(ms?: number): Promise<void> {
    return within(`waiting for: ${this.name}`, this.#opened, ms);
  }
}

/** How a call ended, for checks that expect some calls to fail. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Awaits `promise` within `ms` and says how it ended; a TODO(15) stub is reported as such. */
export async function settle<T>(what: string, promise: Promise<T>, ms?: number): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await within(what, promise, ms) };
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof CheckFailure) throw error;
    return { ok: false, error };
  }
}

export function showOutcome(outcome: Outcome<unknown>): string {
  return outcome.ok ? `resolved with ${show(outcome.value)}` : `rejected with ${showError(outcome.error)}`;
}

/** The one value of a one-row, one-column query run through DB inside (or outside) a transaction. */
export async function scalar(sql: string, params: unknown[] = []): Promise<unknown> {
  const { rows } = await (await DB.queryable()).query(sql, params as never[]);
  return rows[0] ? Object.values(rows[0])[0] : undefined;
}

/** Lets every microtask queued so far run: whatever a mistaken DB would have sent is on the wire after it. */
export function afterQueuedWork(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Waits until `gate` opens — the step of `call` the check waits for — or `call` ends first, which
 * fails the check with what it ended with (a TODO(15) stub, an error, or an early return).
 */
export async function reached(gate: Gate, call: Promise<unknown>, sent: string): Promise<void> {
  const ended = call.then(
    () => "ended",
    () => "ended",
  );
  if ((await Promise.race([gate.passed().then(() => "gate"), ended])) === "gate") return;
  const outcome = await settle(sent, call);
  throw new CheckFailure("the call ended before it got there", {
    sent,
    expected: `to reach the step: ${gate.name}`,
    received: showOutcome(outcome),
  });
}
