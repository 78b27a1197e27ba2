// The two expectations most checks are written with, and the calls into a learner's code that
// turn an exception into a failure naming the call. Each failure names what was done, what was
// expected and what came back, as a CheckFailure the reporter prints (failure.ts). How a value is
// written is the caller's choice: a chapter whose values hide characters (Unicode usernames)
// passes a `show` that makes them visible.
import { isDeepStrictEqual } from "node:util";
import { CheckFailure } from "./failure.ts";

export type Show = (value: unknown) => string;

/** A starter's stub says TODO(NN): it is reported as what is left to write, not as a wrong answer. */
export function rethrowTodo(error: unknown): void {
  if (error instanceof Error && /TODO\(\d\d\)/.test(error.message)) throw error;
}

export interface Expectations {
  /** Fails unless `received` equals `expected`, in value and type. */
  expectEqual(what: string, expected: unknown, received: unknown, hint?: string): void;
  /** Fails unless `condition` holds; `received` says what was seen instead. */
  expectThat(what: string, condition: boolean, expected: string, received: unknown, hint?: string): void;
  /** Calls the learner's code; an exception becomes a check failure that says what was called. */
  call<T>(what: string, work: () => T, hint?: string): T;
  /** The same for a promise. */
  callAsync<T>(what: string, work: () => Promise<T>, hint?: string): Promise<T>;
  /** An error as one line: its class and message. */
  showError(error: unknown): string;
}

export function expectations(show: Show): Expectations {
  const showError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : show(error));
  const threw = (what: string, error: unknown, hint: string | undefined): CheckFailure => {
    rethrowTodo(error);
    return new CheckFailure("your code threw", {
      sent: what,
      expected: "no exception",
      received: showError(error),
      ...(hint ? { hint } : {}),
    });
  };
  return {
    showError,
    call(what, work, hint) {
      try {
        return work();
      } catch (error) {
        throw threw(what, error, hint);
      }
    },
    async callAsync(what, work, hint) {
      try {
        return await work();
      } catch (error) {
        throw threw(what, error, hint);
      }
    },
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
