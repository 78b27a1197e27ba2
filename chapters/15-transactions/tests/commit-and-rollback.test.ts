// Stage 15.1: BEGIN, the callback's statements, COMMIT — or ROLLBACK when the callback throws —
// all on one session, which goes back to its lender with no transaction open. What was
// committed is read by the checks' own client; the session's state by pg_stat_activity.
import { DB, fields, Model, TransactionRolledBackError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  emptyTable,
  expectEqual,
  expectFailure,
  expectThat,
  type Mode,
  run,
  scalar,
  settle,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "./tx.ts";

const SCHEMA = "CREATE TABLE users (id serial PRIMARY KEY, username text NOT NULL UNIQUE);";

class User extends Model.table("users", {
  id: fields.int({ primaryKey: true, generated: true }),
  username: fields.text(),
}) {}

/** Raised by the checks' callbacks: the error DB.transaction() must pass on unchanged. */
class CallbackFailed extends Error {}

const MODES: Mode[] = [{ pool: 1 }, "one connection"];

await stageWith([postgres], "15.1", (service) => {
  const { db, session, configure } = useTransactionDatabase(service, "commit", SCHEMA);
  const usernames = async () =>
    (await witness(db().url, "SELECT username FROM users ORDER BY id")).map((r) => r.username);
  const clear = () => emptyTable(db().url, "users");

  test("the seed's transaction commits: another session sees the row, renamed", async () => {
    await clear();
    const mode = await configure({ pool: 2 });
    const sent = `${mode}; await DB.transaction(async () => { const u = await User.create({ username: "adib" }); u.username = "adib_dev"; await u.save(); })`;
    await run(sent, () =>
      DB.transaction(async () => {
        const u = await User.create({ username: "adib" });
        u.username = "adib_dev";
        await u.save();
      }),
    );
    expectEqual(
      `${sent}; then, from another session: SELECT username FROM users`,
      ["adib_dev"],
      await usernames(),
      "BEGIN, the statements and COMMIT must all go down one session; a COMMIT on another session commits nothing.",
    );
  });

  test("a callback that throws rolls everything back, and its error comes out unchanged", async () => {
    for (const mode of MODES) {
      await clear();
      const described = await configure(mode);
      const thrown = new CallbackFailed("the callback gave up");
      const sent = `${described}; DB.transaction(async () => { await User.create({ username: "a" }); await User.create({ username: "b" }); throw new CallbackFailed() })`;
      const outcome = await settle(
        sent,
        DB.transaction(async () => {
          await User.create({ username: "a" });
          await User.create({ username: "b" });
          throw thrown;
        }),
      );
      expectThat(
        `${sent}: how it ended`,
        !outcome.ok && outcome.error === thrown,
        "a rejection with the callback's own error object (CallbackFailed: the callback gave up)",
        showOutcome(outcome),
        "Catch the callback's error, send ROLLBACK, and throw the very same error object on.",
      );
      expectEqual(
        `${sent}; then, from another session: SELECT username FROM users`,
        [],
        await usernames(),
        "The rows were inserted inside the transaction: ROLLBACK must undo them. Rows left behind mean they were committed — sent outside the transaction, or COMMIT sent after all.",
      );
    }
  });

  test("after a rollback the session is clean: not left idle in transaction, and the next borrower is not inside it", async () => {
    for (const mode of MODES) {
      await clear();
      const described = await configure(mode);
      const sent = `${described}; DB.transaction(async () => { await User.create({ username: "ghost" }); throw … })`;
      await settle(
        sent,
        DB.transaction(async () => {
          await User.create({ username: "ghost" });
          throw new CallbackFailed("rolled back");
        }),
      );
      const states = await witness(
        db().url,
        "SELECT state FROM pg_stat_activity WHERE application_name = $1 ORDER BY state",
        [session],
      );
      expectEqual(
        `${sent}; then SELECT state FROM pg_stat_activity for DB's sessions`,
        [{ state: "idle" }],
        states,
        "A session handed back 'idle in transaction' still holds the transaction's locks and rows: send ROLLBACK before it goes back to the pool (or the lock).",
      );
      const seen = await run(`${sent}; then, outside any transaction: SELECT count(*) FROM users`, () =>
        scalar("SELECT count(*)::int AS n FROM users"),
      );
      expectEqual(
        `${sent}; then the next query on that session: SELECT count(*) FROM users`,
        0,
        seen,
        "The next borrower saw the rolled-back row: it ran inside the transaction that was never ended.",
      );
    }
  });

  test("a callback that catches a failed statement and returns: COMMIT rolls back, and DB.transaction() says so", async () => {
    await clear();
    const described = await configure({ pool: 2 });
    const sent = `${described}; DB.transaction(async () => { await User.create({ username: "twin" }); try { await User.create({ username: "twin" }) } catch {} })`;
    await expectFailure(
      sent,
      TransactionRolledBackError,
      () =>
        DB.transaction(async () => {
          await User.create({ username: "twin" });
          try {
            await User.create({ username: "twin" });
          } catch {
            // The unique violation aborted the transaction; the callback carries on regardless.
          }
        }),
      "After a failed statement the server refuses everything until ROLLBACK, and answers COMMIT with the command tag ROLLBACK (docs, COMMIT). Read the tag: a caller told that its work committed when nothing did loses it silently.",
    );
    expectEqual(`${sent}; then, from another session: SELECT username FROM users`, [], await usernames());
  });
});
