// What the checks of chapters 24 and 25 share: calls into your code that turn an exception into a
// check failure naming the call, within a time limit that names what was awaited, and the
// check that a call refuses bad input with the right error.
import { inspect } from "node:util";
import { CALL_TIMEOUT_MS, within } from "../../../shared/check/budget.ts";
import { expectations, rethrowTodo } from "../../../shared/check/expect.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";

/** A value as a learner needs to see it: long lists cut, strings quoted. */
export function show(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 12, maxStringLength: 120 });
}

export const { call, callAsync, expectEqual, expectThat, showError } = expectations(show);

/** `work()`, which must settle within `ms`; an exception becomes a failure naming `what`. */
export function run<T>(what: string, work: () => Promise<T>, ms = CALL_TIMEOUT_MS, hint?: string): Promise<T> {
  return within(
    what,
    callAsync(what, work, hint),
    ms,
    hint ?? "a query that never returns is waiting for something: a lock, a session the pool never gets back",
  );
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Runs `work`, which must throw (or reject with) an instance of `type` whose message contains `mentions`. */
export async function expectRefusal(
  what: string,
  work: () => unknown,
  type: ErrorClass,
  mentions: string,
  hint: string,
): Promise<void> {
  const expected = `a ${type.name} whose message names ${JSON.stringify(mentions)}`;
  let outcome: unknown;
  try {
    outcome = await within(what, Promise.resolve().then(work));
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    rethrowTodo(error);
    if (error instanceof type && error.message.includes(mentions)) return;
    throw new CheckFailure("it refused, but not as expected", {
      sent: what,
      expected,
      received: showError(error),
      hint,
    });
  }
  throw new CheckFailure("it accepted what it must refuse", {
    sent: what,
    expected,
    received: `no error: ${show(outcome)}`,
    hint,
  });
}

/** How a call settled: its value, or what it threw (a TODO stub still fails the check as one). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** `work()` settled within `ms`, its rejection returned rather than thrown: for calls that must fail. */
export async function settle<T>(what: string, work: () => Promise<T>, ms = CALL_TIMEOUT_MS): Promise<Outcome<T>> {
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await within(what, Promise.resolve().then(work), ms) };
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    rethrowTodo(error);
    outcome = { ok: false, error };
  }
  return outcome;
}
