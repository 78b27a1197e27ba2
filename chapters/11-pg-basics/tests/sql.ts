// What the checks of chapter 11 share: a database per check file, the learner's connection to
// it, a plain `pg` client as the independent witness of what the server holds, and failures
// that show the SQL sent, the value expected and the value received, types and all.
import { inspect, isDeepStrictEqual } from "node:util";
import { type Connection, type ConnectionOptions, connect } from "@lab/src/tinyorm/index.ts";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { CALL_TIMEOUT_MS, within } from "../../../shared/check/budget.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import type { PostgresService, TestDatabase } from "../../../shared/services/index.ts";

// One call to the server (a query, a connect, a close) gets CALL_TIMEOUT_MS: it takes milliseconds.
export { CALL_TIMEOUT_MS, within };

/** A fresh database for this check file, built from `schema` (plain SQL) and dropped at the end. */
export function useDatabase(service: PostgresService, label: string, schema = ""): () => TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await service.createDatabase({ label });
    if (schema) await withWitness(db.url, (client) => client.query(schema));
  });
  afterAll(() => db?.drop());
  return () => {
    if (!db) throw new Error("the check's database is not ready (beforeAll failed?)");
    return db;
  };
}

/** The learner's connect(), within CALL_TIMEOUT_MS. */
export function openConnection(url: string, options: Omit<ConnectionOptions, "url"> = {}): Promise<Connection> {
  return within(`connect({ url: "${url}" })`, connect({ url, ...options }));
}

/** Runs `work` on the learner's connection and closes it, whatever happens. */
export async function withConnection<T>(url: string, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await openConnection(url);
  try {
    return await work(connection);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** A plain `pg` client: the checks' own view of the server, independent of the code under check. */
export async function withWitness<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs the learner's query and returns its rows, failing with the SQL when it throws or hangs. */
export async function rowsOf(
  connection: Connection,
  sql: string,
  params: readonly unknown[] = [],
  hint?: string,
): Promise<Record<string, unknown>[]> {
  const sent = showQuery(sql, params);
  try {
    const result = await within(sent, connection.query(sql, params as never[]));
    return result.rows;
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure("the query failed", {
      sent,
      expected: "rows",
      received: showError(error),
      ...(hint ? { hint } : {}),
    });
  }
}

/** The one value of a one-row, one-column result. */
export async function singleValue(
  connection: Connection,
  sql: string,
  params: readonly unknown[] = [],
  hint?: string,
): Promise<unknown> {
  const rows = await rowsOf(connection, sql, params, hint);
  const values = rows.length === 1 && rows[0] ? Object.values(rows[0]) : undefined;
  if (values?.length !== 1)
    throw new CheckFailure("expected one row with one column", {
      sent: showQuery(sql, params),
      expected: "one row, one column",
      received: show(rows),
      ...(hint ? { hint } : {}),
    });
  return values[0];
}

/** Fails unless `received` equals `expected` in value and type (9007199254740993n is not "9007199254740993"). */
export function expectValue(sent: string, expected: unknown, received: unknown, hint?: string): void {
  if (isDeepStrictEqual(received, expected)) return;
  throw new CheckFailure("the value that came back is not the one expected", {
    sent,
    expected: show(expected),
    received: show(received),
    ...(hint ? { hint } : {}),
  });
}

/** Any error class, whatever its constructor takes. */
type ErrorClass<E> = abstract new (...args: never[]) => E;

/** Awaits a call that must fail with `expected`; returns that error for its fields to be checked. */
export async function expectRejection<E extends Error>(
  sent: string,
  expected: ErrorClass<E>,
  call: () => Promise<unknown>,
  hint?: string,
): Promise<E> {
  let outcome: unknown;
  try {
    outcome = await within(sent, call());
  } catch (error) {
    if (error instanceof expected) return error;
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure(`it failed, but not with ${expected.name}`, {
      sent,
      expected: `a rejection with ${expected.name}`,
      received: showError(error),
      ...(hint ? { hint } : {}),
    });
  }
  throw new CheckFailure(`it succeeded, where it must fail with ${expected.name}`, {
    sent,
    expected: `a rejection with ${expected.name}`,
    received: `success: ${show(outcome)}`,
    ...(hint ? { hint } : {}),
  });
}

/** Fails when `property` of `error` is not `expected` (a field of the server's ErrorResponse). */
export function expectField(sent: string, error: Error, property: string, expected: unknown, hint: string): void {
  const received: unknown = Reflect.get(error, property);
  if (isDeepStrictEqual(received, expected)) return;
  throw new CheckFailure(`${error.name}.${property} is not what the server reported`, {
    sent,
    expected: `${property}: ${show(expected)}`,
    received: `${property}: ${show(received)}`,
    hint,
  });
}

/** A value as a learner needs to see it: strings quoted, bigints with n, Dates in ISO, Buffers as bytes. */
export function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Number.POSITIVE_INFINITY, maxStringLength: 200 });
}

export function showError(error: unknown): string {
  if (!(error instanceof Error)) return show(error);
  const sqlstate: unknown = Reflect.get(error, "sqlstate") ?? Reflect.get(error, "code");
  return `${error.name}${typeof sqlstate === "string" ? ` (${sqlstate})` : ""}: ${error.message}`;
}

export function showQuery(sql: string, params: readonly unknown[] = []): string {
  return params.length === 0 ? sql : `${sql}   with params ${show(params)}`;
}
