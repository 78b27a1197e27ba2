// What the checks of chapter 23 share: calls into your code that turn an exception into a check
// failure naming the call, expectations that show 64-bit hashes in hexadecimal, and the check
// that a call refuses bad input with the right error.
import { inspect } from "node:util";
import { expectations, rethrowTodo } from "../../../shared/check/expect.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";

/** A 64-bit hash as it is written in specifications: 0x and 16 hex digits. */
export function hex(value: bigint): string {
  return value < 0n ? `-0x${(-value).toString(16)}` : `0x${value.toString(16).padStart(16, "0")}`;
}

/** A value as a learner needs to see it, bigints in hexadecimal. */
export function show(value: unknown): string {
  if (typeof value === "bigint") return `${hex(value)}n`;
  return inspect(value, { depth: 4, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 20, maxStringLength: 80 });
}

export const { call, expectEqual, expectThat, showError } = expectations(show);

/** Runs `work`, which must throw an instance of `type` whose one-line message contains `mentions`. */
export function expectRefusal(
  what: string,
  work: () => unknown,
  type: typeof RangeError | typeof TypeError,
  mentions: string,
  hint: string,
): void {
  const expected = `a ${type.name} whose message names ${JSON.stringify(mentions)}`;
  let outcome: unknown;
  try {
    outcome = work();
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof type && error.message.includes(mentions) && !error.message.includes("\n")) return;
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

/** A share as a percentage with two decimals: 0.20293 → "20.29%". */
export function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}
