// Stage 15.5: a transaction the server gave up on (40001, 40P01) is run again, whole — a new
// BEGIN, the whole callback — after a jittered, capped backoff. The checks hand DB.transaction()
// their own sleep (which records each delay and returns at once) and their own random numbers,
// so the delays are known exactly and no check waits for them. The conflicts are real: a
// concurrent update committed by the checks' own session, and a real deadlock between two
// transactions locking two rows in opposite orders (found after deadlock_timeout, 1 s by default).
import {
  DB,
  RetriesExhaustedError,
  type RetryOptions,
  SerializationFailure,
  UniqueViolation,
} from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectFailure,
  expectThat,
  Gate,
  reached,
  run,
  scalar,
  settle,
  show,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "./tx.ts";

const SCHEMA = `
  CREATE TABLE counters (id integer PRIMARY KEY, n integer NOT NULL);
  CREATE TABLE names (name text PRIMARY KEY);`;
const RESET =
  "TRUNCATE counters, names; INSERT INTO counters VALUES (1, 0), (2, 0); INSERT INTO names VALUES ('taken');";

/** deadlock_timeout is 1 s by default: the server looks for a cycle only after a lock wait that long. */
const DEADLOCK_BUDGET_MS = 15_000;

/** A sleep that records each delay and returns at once, and random numbers read from a list. */
function recorder(randoms: number[] = [0.5]) {
  const delays: number[] = [];
  let next = 0;
  const options: Omit<RetryOptions, "maxAttempts"> = {
    sleep: async (ms: number) => {
      delays.push(ms);
    },
    random: () => randoms[next++ % randoms.length] ?? 0.5,
  };
  return { delays, options };
}

await stageWith([postgres], "15.5", (service) => {
  const { db, configure } = useTransactionDatabase(service, "retry", SCHEMA);
  const reset = () => witness(db().url, RESET);
  const counter = async (id: number) => (await witness(db().url, "SELECT n FROM counters WHERE id = $1", [id]))[0]?.n;
  /** Reads counter 1, has the checks' session add 100 to it (when `conflict`), then writes read + 1: 40001 at REPEATABLE READ. */
  async function readConflictWrite(conflict: boolean): Promise<void> {
    const read = Number(await scalar("SELECT n FROM counters WHERE id = 1"));
    if (conflict) await witness(db().url, "UPDATE counters SET n = n + 100 WHERE id = 1");
    await scalar("UPDATE counters SET n = $1 WHERE id = 1", [read + 1]);
  }

  test("a 40001 runs the whole callback again after one jittered delay, and the second attempt commits", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    const { delays, options } = recorder([0.5]);
    const retry = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, ...options };
    let attempts = 0;
    const sent = `${mode}; DB.transaction(read counter; (first attempt only: another session adds 100); write read + 1, { isolation: "repeatable read", retry: { maxAttempts: 3, baseDelayMs: 100, random: () => 0.5 } })`;
    await run(
      sent,
      () =>
        DB.transaction(
          async () => {
            attempts++;
            await readConflictWrite(attempts === 1);
          },
          { isolation: "repeatable read", retry },
        ),
      "Catch SerializationFailure around the WHOLE attempt — BEGIN, callback, COMMIT — sleep, and run it again from BEGIN.",
    );
    expectEqual(`${sent}: how many times the callback ran`, 2, attempts);
    expectEqual(
      `${sent}: the delays slept`,
      [50],
      delays,
      "After attempt 1 the cap is baseDelayMs = 100, and full jitter sleeps random() × cap = 0.5 × 100 = 50 ms.",
    );
    expectEqual(
      `${sent}: the counter`,
      101,
      await counter(1),
      "The second attempt must read again: a value carried over from the first attempt's snapshot would lose the other session's +100.",
    );
  });

  test("when every attempt fails, the last 40001 comes out as RetriesExhaustedError after maxAttempts, with capped, jittered delays", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    const { delays, options } = recorder([0.5, 0.99, 0.25]);
    const retry = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250, ...options };
    let attempts = 0;
    const sent = `${mode}; DB.transaction(a conflict on every attempt, { isolation: "repeatable read", retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250, random: 0.5, 0.99, 0.25 } })`;
    const error = await expectFailure(
      sent,
      RetriesExhaustedError,
      () =>
        DB.transaction(
          async () => {
            attempts++;
            await readConflictWrite(true);
          },
          { isolation: "repeatable read", retry },
        ),
      "When attempts run out, throw RetriesExhaustedError(attempts, lastError): the caller learns that it was retried, how often, and why it failed.",
    );
    expectEqual(
      `${sent}: how many times the callback ran`,
      4,
      attempts,
      "maxAttempts counts every attempt, the first included.",
    );
    expectEqual(`${sent}: RetriesExhaustedError.attempts`, 4, error.attempts);
    expectThat(
      `${sent}: RetriesExhaustedError.cause`,
      error.cause instanceof SerializationFailure,
      "the last SerializationFailure",
      show(error.cause),
    );
    expectEqual(
      `${sent}: the delays slept`,
      [50, 198, 62],
      delays,
      "Attempt n waits floor(random() × min(maxDelayMs, baseDelayMs × 2^(n−1))): caps 100, 200, 250 (not 400: maxDelayMs), times 0.5, 0.99, 0.25; no sleep after the last attempt.",
    );
  });

  test("a real deadlock (40P01): the transaction chosen to end runs again, and both commit", {
    timeout: DEADLOCK_BUDGET_MS + 10_000,
  }, async () => {
    await reset();
    const mode = await configure({ pool: 3 });
    const { delays, options } = recorder([0]);
    const retry = { maxAttempts: 3, ...options };
    const runs = { A: 0, B: 0 };
    const aLocked = new Gate("A locked counter 1");
    const bLocked = new Gate("B locked counter 2");
    const lock = (id: number) => scalar("UPDATE counters SET n = n + 1 WHERE id = $1", [id]);
    const aDone = new Gate("A committed");
    const bDone = new Gate("B committed");
    /** The attempt that runs again waits for the other to commit first: the rows are free, and no second deadlock can form. */
    const lockBothAfter = async (other: Gate) => {
      await other.passed(DEADLOCK_BUDGET_MS);
      await lock(1);
      await lock(2);
    };
    const sent = `${mode}; A: lock counter 1, then 2; B: lock counter 2, then 1 (first attempts interleaved: a deadlock; a second attempt waits for the other to commit), both with retry`;
    const a = DB.transaction(
      async () => {
        runs.A++;
        if (runs.A > 1) return lockBothAfter(bDone);
        await lock(1);
        aLocked.open();
        await bLocked.passed(DEADLOCK_BUDGET_MS);
        await lock(2);
      },
      { retry },
    );
    a.then(
      () => aDone.open(),
      () => undefined,
    );
    await reached(aLocked, a, sent);
    const b = DB.transaction(
      async () => {
        runs.B++;
        if (runs.B > 1) return lockBothAfter(aDone);
        await lock(2);
        bLocked.open();
        await lock(1);
      },
      { retry },
    );
    b.then(
      () => bDone.open(),
      () => undefined,
    );
    const [aOutcome, bOutcome] = await Promise.all([
      settle(`${sent}: A`, a, DEADLOCK_BUDGET_MS),
      settle(`${sent}: B`, b, DEADLOCK_BUDGET_MS),
    ]);
    expectEqual(
      `${sent}: A, B`,
      ["resolved with undefined", "resolved with undefined"],
      [showOutcome(aOutcome), showOutcome(bOutcome)],
      "DeadlockDetected (40P01) is retryable like SerializationFailure: the server ended that transaction to break the cycle, and running it again after the other commits succeeds.",
    );
    expectEqual(`${sent}: callbacks run in all`, 3, runs.A + runs.B, "One of the two ran twice, the other once.");
    expectEqual(`${sent}: sleeps`, 1, delays.length);
    expectEqual(`${sent}: counters 1 and 2`, [2, 2], [await counter(1), await counter(2)]);
  });

  test("other errors are never retried, and a nested transaction is never retried on its own", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    const { delays, options } = recorder();
    let attempts = 0;
    const sent = `${mode}; DB.transaction(INSERT INTO names VALUES ('taken'), { retry: { maxAttempts: 3 } })`;
    await expectFailure(
      sent,
      UniqueViolation,
      () =>
        DB.transaction(
          async () => {
            attempts++;
            await scalar("INSERT INTO names VALUES ('taken')");
          },
          { retry: { maxAttempts: 3, ...options } },
        ),
      "Only 40001 and 40P01 mean 'run it again'; a unique violation would fail the same way every time, so it goes straight to the caller, unwrapped.",
    );
    expectEqual(`${sent}: attempts, sleeps`, [1, 0], [attempts, delays.length]);

    await reset();
    let inner = 0;
    const nested = `${mode}; DB.transaction(read counter; DB.transaction(conflict and write, { retry: { maxAttempts: 3 } }), { isolation: "repeatable read" })`;
    const outcome = await settle(
      nested,
      DB.transaction(
        async () => {
          await scalar("SELECT n FROM counters WHERE id = 1");
          await DB.transaction(
            async () => {
              inner++;
              await readConflictWrite(true);
            },
            { retry: { maxAttempts: 3, ...options } },
          );
        },
        { isolation: "repeatable read" },
      ),
    );
    expectThat(
      `${nested}: how it ended`,
      !outcome.ok && outcome.error instanceof SerializationFailure,
      "a rejection with SerializationFailure, as the server sent it",
      showOutcome(outcome),
    );
    expectEqual(
      `${nested}: how many times the inner callback ran`,
      1,
      inner,
      "A 40001 dooms the outer transaction: its snapshot is the stale one, and re-running the savepoint reads the same snapshot again. Only the outermost DB.transaction() retries.",
    );

    await reset();
    let outer = 0;
    inner = 0;
    const whole = `${mode}; DB.transaction(DB.transaction(conflict on the first attempt only, write), { isolation: "repeatable read", retry: { maxAttempts: 2 } })`;
    await run(whole, () =>
      DB.transaction(
        async () => {
          outer++;
          await DB.transaction(async () => {
            inner++;
            await readConflictWrite(outer === 1);
          });
        },
        { isolation: "repeatable read", retry: { maxAttempts: 2, ...options } },
      ),
    );
    expectEqual(
      `${whole}: outer and inner runs`,
      [2, 2],
      [outer, inner],
      "The outermost retry runs the whole callback again, nested calls included.",
    );
  });
});
