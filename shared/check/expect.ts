// The two expectations most checks are written with. Each failure names what was done, what was
// expected and what came back, as a CheckFailure the reporter prints (failure.ts). How a value is
// written is the caller's choice: a chapter whose values hide characters (Unicode usernames)
// passes a `show` that makes them visible.
import { isDeepStrictEqual } from "node:util";
import { CheckFailure } from "./failure.ts";

export type Show = (value: unknown) => string;

export interface Expectations {
  /** Fails unless `received` equals `expected`, in value and type. */
  expectEqual(what: string, expected: unknown, received: unknown, hint?: string): void;
  /** Fails unless `condition` holds; `received` says what was seen instead. */
  expectThat(what: string, condition: boolean, expected: string, received: unknown, hint?: string): void;
}

export function expectations(show: Show): Expectations {
  return {
    expectEqual(what, expected, received, hint) {
      if (isDeepStrictEqual(received, expected)) return;
      throw new CheckFailure("not the value expected", {
        sent: what,
        expected: show(expected),
        received: show(received),
        ...(hint ? { hint } : {}),
      });
    },
    expectThat(what, condition, expected, received, hint) {
      if (condition) return;
      throw new CheckFailure("not what was expected", {
        sent: what,
        expected,
        received: typeof received === "string" ? received : show(received),
        ...(hint ? { hint } : {}),
      });
    },
  };
}
