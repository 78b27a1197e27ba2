// What the checks of chapter 21 share: calls into your code that turn an exception into a check
// failure naming the call, and expectations that show the value expected and the value received,
// with every character a person cannot see written as \u{…}.
import { inspect } from "node:util";
import { expectations, rethrowTodo } from "../../../shared/check/expect.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";

/** A value as a learner needs to see it; invisible and non-ASCII characters escaped. */
export function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Number.POSITIVE_INFINITY, maxStringLength: 120 }).replace(
    /[^\x20-\x7e]/gu,
    (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}${/^[\p{L}\p{N}]$/u.test(char) ? `(${char})` : ""}`,
  );
}

export const { call, callAsync, expectEqual, expectThat, showError } = expectations(show);

/** Awaits `work`, which must reject with a RangeError whose message is one line. */
export async function expectRangeError(what: string, work: () => Promise<unknown>, hint: string): Promise<void> {
  let outcome: unknown;
  try {
    outcome = await work();
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof RangeError && error.message.length > 0 && !error.message.includes("\n")) return;
    throw new CheckFailure("it failed, but not with a one-line RangeError", {
      sent: what,
      expected: "a RangeError with a one-line message",
      received: showError(error),
      hint,
    });
  }
  throw new CheckFailure("it succeeded, where it must refuse", {
    sent: what,
    expected: "a RangeError with a one-line message",
    received: `success: ${show(outcome)}`,
    hint,
  });
}

/** `normalizeUsername(…)` written as a learner would type it, with the input escaped. */
export function callText(fn: string, input: unknown): string {
  const shown =
    typeof input === "string" && input.length > 60
      ? `${show(input.slice(0, 20))} + … (${input.length} UTF-16 units)`
      : show(input);
  return `${fn}(${shown})`;
}
