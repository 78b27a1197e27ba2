// What the checks of chapter 22 share: chapter 21's calls and expectations (an exception from your
// code becomes a failure naming the call; values shown with invisible characters escaped), a
// deadline for each call that goes to Redis, and expectations of the errors bad input must get.
import { CheckFailure } from "../../../shared/check/failure.ts";
import { show } from "../../21-normalize-and-generate/tests/expect.ts";

export { call, callAsync, expectEqual, expectThat, show } from "../../21-normalize-and-generate/tests/expect.ts";

/** A Redis command answers in a millisecond; a call that takes this long is waiting for something else. */
export const CALL_TIMEOUT_MS = 5_000;

const isTodo = (error: unknown) => error instanceof Error && /TODO\(\d\d\)/.test(error.message);

export function showError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : show(error);
}

/** Awaits `work`, failing with what was awaited if it does not settle within `ms`. */
export async function within<T>(what: string, work: () => Promise<T>, ms = CALL_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CheckFailure(`no answer within ${ms} ms`, {
            kind: "timeout",
            sent: what,
            expected: `an answer within ${ms} ms`,
            received: "nothing: the promise never settled",
            hint: "a command sent to Redis with its promise never awaited, or a loop that never ends?",
          }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(work), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Like callAsync(), with a deadline: an exception or a hang becomes a failure naming the call. */
export async function run<T>(what: string, work: () => Promise<T>, hint?: string): Promise<T> {
  try {
    return await within(what, work);
  } catch (error) {
    if (isTodo(error) || error instanceof CheckFailure) throw error;
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
    outcome = await within(what, async () => work());
  } catch (error) {
    if (isTodo(error) || (error instanceof CheckFailure && error.kind === "timeout")) throw error;
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
