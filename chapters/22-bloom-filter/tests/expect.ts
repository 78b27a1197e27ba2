// What the checks of chapter 22 share: chapter 21's calls and expectations (an exception from your
// code becomes a failure naming the call; values shown with invisible characters escaped), a
// deadline for each call that goes to Redis, and expectations of the errors bad input must get.
import { CALL_TIMEOUT_MS, within } from "../../../shared/check/budget.ts";
import { rethrowTodo } from "../../../shared/check/expect.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { show, showError } from "../../21-normalize-and-generate/tests/expect.ts";

export {
  call,
  callAsync,
  expectEqual,
  expectThat,
  show,
  showError,
} from "../../21-normalize-and-generate/tests/expect.ts";

/** What a call to Redis that never settles most likely is. */
const HANG_HINT = "a command sent to Redis with its promise never awaited, or a loop that never ends?";

/** Like callAsync(), with a deadline: an exception or a hang becomes a failure naming the call. */
export async function run<T>(what: string, work: () => Promise<T>, hint?: string): Promise<T> {
  try {
    return await within(what, Promise.resolve().then(work), CALL_TIMEOUT_MS, HANG_HINT);
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure("your code threw", {
      sent: what,
      expected: "a value, not an exception",
      received: showError(error),
      ...(hint ? { hint } : {}),
    });
  }
}

/**
 * Runs `work`, which must throw (or reject with) an error that `accept` takes — an instance of the
 * expected class with what the message or fields must say — and a one-line message.
 */
export async function expectError(
  what: string,
  work: () => unknown,
  expected: string,
  accept: (error: unknown) => boolean,
  hint: string,
): Promise<unknown> {
  let outcome: unknown;
  try {
    outcome = await within(what, Promise.resolve().then(work), CALL_TIMEOUT_MS, HANG_HINT);
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof CheckFailure && error.kind === "timeout") throw error;
    const oneLine = error instanceof Error && error.message.length > 0 && !error.message.includes("\n");
    if (accept(error) && oneLine) return error;
    throw new CheckFailure("it failed, but not with the error expected", {
      sent: what,
      expected,
      received: showError(error),
      hint,
    });
  }
  throw new CheckFailure("it succeeded, where it must refuse", {
    sent: what,
    expected,
    received: `success: ${show(outcome)}`,
    hint,
  });
}

/** A RangeError (or TypeError, for a value of the wrong type) whose message names `argument`. */
export function expectArgumentError(what: string, argument: string, work: () => unknown, hint: string) {
  return expectError(
    what,
    work,
    `a RangeError or TypeError whose one-line message names ${argument}`,
    (error) => (error instanceof RangeError || error instanceof TypeError) && error.message.includes(argument),
    hint,
  );
}
