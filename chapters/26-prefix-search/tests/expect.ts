// What the checks of chapter 26 share: chapter 22's calls and expectations (an exception or a hang
// in your code becomes a failure naming the call; names shown with invisible and astral
// characters escaped), and the one way a page is written in a failure.
import { within } from "../../../shared/check/budget.ts";
import { rethrowTodo } from "../../../shared/check/expect.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { showError } from "../../22-bloom-filter/tests/expect.ts";

export {
  call,
  expectArgumentError,
  expectEqual,
  expectError,
  expectThat,
  run,
  show,
  showError,
} from "../../22-bloom-filter/tests/expect.ts";

/** The lesson's sections the hints point at. */
export const READ = {
  successor: "read the lesson's section The successor of a prefix",
  cursors: "read the lesson's section Cursors, not offsets",
  packed: "read the lesson's section A packed index in process",
  redis: "read the lesson's section A Redis sorted set",
  postgres: "read the lesson's section A Postgres range scan",
  order: "read the lesson's section One order for three engines",
  badInput: "read the lesson's section Bad input",
} as const;

/** How long loading the checks' names into a server may take: a few batches, on a busy machine. */
const LOAD_TIMEOUT_MS = 30_000;

/** Like run(), for a load of thousands of names: an exception or a hang becomes a failure naming the call. */
export async function load<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await within(
      what,
      Promise.resolve().then(work),
      LOAD_TIMEOUT_MS,
      "a batch never awaited, or a loop that never ends?",
    );
  } catch (error) {
    rethrowTodo(error);
    if (error instanceof CheckFailure) throw error;
    throw new CheckFailure("your code threw", { sent: what, expected: "the names loaded", received: showError(error) });
  }
}
