// What the checks of chapter 13 share: a database of their own, with your DB configured for it
// under a session name the checks can find in pg_stat_activity; the checks' own `pg` client as
// the witness of what the table holds; and expectations that report what your model did.
import { DB } from "@lab/src/tinyorm/index.ts";
import { afterAll, beforeAll } from "vitest";
import { expectations, rethrowTodo } from "../../../shared/check/expect.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import type { PostgresService, TestDatabase } from "../../../shared/services/index.ts";
import { show, showError, useDatabase, within, withWitness } from "../../11-pg-basics/tests/sql.ts";

export { rethrowTodo, show, showError, within, withWitness };

export interface ModelDatabase {
  /** The check file's database. */
  db: () => TestDatabase;
  /** The application_name your DB's session has: how the checks find it in pg_stat_activity. */
  session: string;
}

/**
 * A fresh database built from `schema`, and your DB configured for it (the connection opens with
 * the first query) and closed after the file. Any DB left configured by an earlier file is closed first.
 */
export function useModels(service: PostgresService, label: string, schema: string): ModelDatabase {
  const db = useDatabase(service, label, schema);
  const session = `tinyorm-13-${label}`;
  beforeAll(async () => {
    await DB.close().catch(() => undefined);
    DB.configure({ url: db().url, applicationName: session });
  });
  afterAll(() => DB.close().catch(() => undefined));
  return { db, session };
}

/** The rows of `sql`, read by the checks' own client. */
export async function witnessRows(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  return withWitness(url, async (client) => (await client.query(sql, params)).rows);
}

/** Runs your code; a failure becomes a check failure that says what was called. */
export async function run<T>(what: string, work: () => Promise<T> | T, hint?: string): Promise<T> {
  try {
    return await within(what, Promise.resolve().then(work));
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure("your code threw", {
      sent: what,
      expected: "no error",
      received: showError(error),
      ...(hint ? { hint } : {}),
    });
  }
}

export const { expectEqual, expectThat } = expectations(show);

type ErrorClass<E> = abstract new (...args: never[]) => E;

/** Awaits `work`, which must fail with `expected`; returns that error for its fields to be checked. */
export async function expectFailure<E extends Error>(
  what: string,
  expected: ErrorClass<E>,
  work: () => Promise<unknown> | unknown,
  hint: string,
): Promise<E> {
  let outcome: unknown;
  try {
    outcome = await within(what, Promise.resolve().then(work));
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof expected) return error;
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure(`it failed, but not with ${expected.name}`, {
      sent: what,
      expected: `an error of class ${expected.name}`,
      received: showError(error),
      hint,
    });
  }
  throw new CheckFailure(`it succeeded, where it must fail with ${expected.name}`, {
    sent: what,
    expected: `an error of class ${expected.name}`,
    received: `success: ${show(outcome)}`,
    hint,
  });
}

/**
 * SQL for a timestamptz column as whole milliseconds since 1970, cut as chapter 11 cuts it: a
 * Date holds milliseconds, the server microseconds. Compare it with `date.getTime()`.
 */
export function epochMs(column: string): string {
  return `(extract(epoch FROM date_trunc('milliseconds', ${column})) * 1000)::bigint::float8 AS ${column}`;
}

/** A Date as the number epochMs() reads; anything else as it is, for the failure to show. */
export function msOf(value: unknown): unknown {
  return value instanceof Date ? value.getTime() : value;
}

/** A time the server wrote (from epochMs()), close to the checks' own clock. */
export function isRecent(ms: unknown, withinMs = 60_000): boolean {
  return typeof ms === "number" && Math.abs(ms - Date.now()) < withinMs;
}
