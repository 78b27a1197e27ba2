// What the checks of chapter 12 share: building a query with your builder, comparing what it
// compiles to with SQL written out in the check, running it through your execute(), and
// expecting the errors it must raise before anything is sent.
import { isDeepStrictEqual } from "node:util";
import { type Compilable, type Connection, compile, execute, type Query } from "@lab/src/tinyorm/index.ts";
import { rethrowTodo } from "../../../shared/check/expect.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { show, showError, within } from "../../11-pg-basics/tests/sql.ts";

export { show, showQuery, useDatabase, withConnection, withWitness } from "../../11-pg-basics/tests/sql.ts";

/** The result of `work`, or a failure that says which builder call threw. */
export function attempt<T>(what: string, work: () => T, hint?: string): T {
  try {
    return work();
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure("building or compiling the query threw", {
      sent: what,
      expected: "a query",
      received: showError(error),
      ...(hint ? { hint } : {}),
    });
  }
}

export function showCompiled(compiled: { sql: string; params: readonly unknown[] }): string {
  return `${compiled.sql}\n     params ${show(compiled.params)}`;
}

/** Fails unless `build()` compiles to exactly `sql` with exactly `params`. */
export function expectCompiled(
  what: string,
  build: () => Compilable,
  expected: { sql: string; params: readonly unknown[] },
  hint?: string,
): void {
  const compiled = attempt(what, () => compile(build()), hint);
  if (compiled.sql === expected.sql && isDeepStrictEqual([...compiled.params], [...expected.params])) return;
  throw new CheckFailure("the query compiled to other SQL or other parameters", {
    sent: what,
    expected: showCompiled(expected),
    received: showCompiled(compiled),
    ...(hint ? { hint } : {}),
  });
}

/** The rows of `build()` run through your execute() on `connection`. */
export async function rowsOf<R>(
  connection: Connection,
  what: string,
  build: () => Query<R>,
  hint?: string,
): Promise<R[]> {
  const query = attempt(what, build, hint);
  try {
    const result = await within(what, execute(connection, query));
    return result.rows;
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof CheckFailure) throw error;
    let sent = what;
    try {
      sent += `\n     compiled ${showCompiled(compile(query))}`;
    } catch {}
    throw new CheckFailure("running the query failed", {
      sent,
      expected: "rows",
      received: showError(error),
      ...(hint ? { hint } : {}),
    });
  }
}

/** Fails unless `received` equals `expected`, in value and type. */
export function expectRows(what: string, expected: unknown, received: unknown, hint?: string): void {
  if (isDeepStrictEqual(received, expected)) return;
  throw new CheckFailure("the rows that came back are not the ones expected", {
    sent: what,
    expected: show(expected),
    received: show(received),
    ...(hint ? { hint } : {}),
  });
}

/** The ids of `rows`, in their order. */
export function ids(rows: readonly { id?: unknown }[]): unknown[] {
  return rows.map((row) => row.id);
}

/** The ids of `rows`, smallest first: for checks of which rows come back, whatever their order. */
export function sortedIds(rows: readonly { id?: unknown }[]): unknown[] {
  return ids(rows).sort((a, b) => Number(a) - Number(b));
}

type ErrorClass<E> = abstract new (...args: never[]) => E;

/** Fails unless `work` throws `expected` (building or compiling, before anything is sent); returns the error. */
export function expectThrows<E extends Error>(
  what: string,
  expected: ErrorClass<E>,
  work: () => unknown,
  hint: string,
): E {
  let outcome: unknown;
  try {
    outcome = work();
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof expected) return error;
    throw new CheckFailure(`it threw, but not ${expected.name}`, {
      sent: what,
      expected: `${expected.name}, thrown before anything is sent`,
      received: showError(error),
      hint,
    });
  }
  let received = show(outcome);
  try {
    if (outcome && typeof outcome === "object" && "node" in outcome)
      received = showCompiled(compile(outcome as Compilable));
  } catch {}
  throw new CheckFailure(`nothing was thrown, where ${expected.name} must be`, {
    sent: what,
    expected: `${expected.name}, thrown before anything is sent`,
    received: `no error: ${received}`,
    hint,
  });
}

/** Awaits `work`, which must reject with `expected` (an error of the server, or of your code); returns it. */
export async function expectRejects<E extends Error>(
  what: string,
  expected: ErrorClass<E>,
  work: () => Promise<unknown>,
  hint: string,
): Promise<E> {
  let outcome: unknown;
  try {
    outcome = await within(what, work());
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof expected) return error;
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure(`it failed, but not with ${expected.name}`, {
      sent: what,
      expected: `a rejection with ${expected.name}`,
      received: showError(error),
      hint,
    });
  }
  throw new CheckFailure(`it succeeded, where it must fail with ${expected.name}`, {
    sent: what,
    expected: `a rejection with ${expected.name}`,
    received: `success: ${show(outcome)}`,
    hint,
  });
}
