// Stage 15.3: a DB.transaction() inside another is a SAVEPOINT of it, on the same session. An
// inner callback that throws takes back only its own work, and the outer one goes on; an outer
// callback that throws takes back everything, the inner work it already "committed" included.
import { DB, fields, Model, TransactionError, UniqueViolation } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectFailure,
  expectThat,
  type Mode,
  run,
  settle,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "./tx.ts";

const SCHEMA = "CREATE TABLE tags (id serial PRIMARY KEY, name text NOT NULL UNIQUE);";

class Tag extends Model.table("tags", {
  id: fields.int({ primaryKey: true, generated: true }),
  label: fields.text({ column: "name" }),
}) {}

class InnerFailed extends Error {}

const MODES: Mode[] = [{ pool: 3 }, "one connection"];

await stageWith([postgres], "15.3", (service) => {
  const { db, configure } = useTransactionDatabase(service, "savepoints", SCHEMA);
  const names = async () => (await witness(db().url, "SELECT name FROM tags ORDER BY id")).map((r) => r.name);
  const clear = () => witness(db().url, "TRUNCATE tags");

  test("an inner transaction that throws is undone alone: the outer one catches it and commits its own rows", async () => {
    for (const mode of MODES) {
      await clear();
      const described = await configure(mode);
      const thrown = new InnerFailed("inner gave up");
      const sent = `${described}; DB.transaction(async () => { create "outer 1"; try { await DB.transaction(async () => { create "inner"; throw }) } catch {}; create "outer 2" })`;
      let inner: Awaited<ReturnType<typeof settle>> | undefined;
      await run(sent, () =>
        DB.transaction(async () => {
          await Tag.create({ label: "outer 1" });
          inner = await settle(
            "the inner DB.transaction()",
            DB.transaction(async () => {
              await Tag.create({ label: "inner" });
              throw thrown;
            }),
          );
          await Tag.create({ label: "outer 2" });
        }),
      );
      expectThat(
        `${sent}: the inner call`,
        inner !== undefined && !inner.ok && inner.error === thrown,
        "a rejection with the inner callback's own error",
        inner ? showOutcome(inner) : "never settled",
        "On a throw, ROLLBACK TO SAVEPOINT and throw the same error on: the outer callback decides what to do with it.",
      );
      expectEqual(
        `${sent}; then, from another session: SELECT name FROM tags`,
        ["outer 1", "outer 2"],
        await names(),
        "A nested call is SAVEPOINT name … RELEASE SAVEPOINT name on the outer transaction's session; on a throw, ROLLBACK TO SAVEPOINT name undoes the inner rows and nothing before them.",
      );
    }
  });

  test("an inner transaction that succeeded is undone with the outer one when the outer throws", async () => {
    for (const mode of MODES) {
      await clear();
      const described = await configure(mode);
      const sent = `${described}; DB.transaction(async () => { create "outer"; await DB.transaction(async () => { create "inner" }); throw })`;
      const outcome = await settle(
        sent,
        DB.transaction(async () => {
          await Tag.create({ label: "outer" });
          await DB.transaction(async () => {
            await Tag.create({ label: "inner" });
          });
          throw new Error("outer gave up");
        }),
      );
      expectThat(`${sent}: how it ended`, !outcome.ok, "a rejection", showOutcome(outcome));
      expectEqual(
        `${sent}; then, from another session: SELECT name FROM tags`,
        [],
        await names(),
        "The inner call must not begin and commit a transaction of its own (on another session of the pool, or by waiting for the one connection): inside a transaction, DB.transaction() is a SAVEPOINT of it.",
      );
    }
  });

  test("after an inner statement fails, the outer transaction is usable again once the savepoint is rolled back", async () => {
    await clear();
    const described = await configure({ pool: 3 });
    const sent = `${described}; DB.transaction(async () => { create "a"; try { await DB.transaction(async () => { create "b"; create "a" again (unique violation) }) } catch {}; create "c" })`;
    let inner: Awaited<ReturnType<typeof settle>> | undefined;
    await run(
      sent,
      () =>
        DB.transaction(async () => {
          await Tag.create({ label: "a" });
          inner = await settle(
            "the inner DB.transaction()",
            DB.transaction(async () => {
              await Tag.create({ label: "b" });
              await Tag.create({ label: "a" });
            }),
          );
          await Tag.create({ label: "c" });
        }),
      "A failed statement aborts the whole transaction (25P02 for everything after it) — unless it happened after a savepoint, and ROLLBACK TO SAVEPOINT is sent: that undoes the failure too.",
    );
    expectThat(
      `${sent}: the inner call`,
      inner !== undefined && !inner.ok && inner.error instanceof UniqueViolation,
      "a rejection with UniqueViolation",
      inner ? showOutcome(inner) : "never settled",
    );
    expectEqual(`${sent}; then, from another session: SELECT name FROM tags`, ["a", "c"], await names());
  });

  test("three levels deep: the innermost failure is undone, the middle level kept", async () => {
    await clear();
    const described = await configure({ pool: 3 });
    const sent = `${described}; outer creates "1"; middle creates "2"; innermost creates "3" and throws, caught by the middle`;
    await run(sent, () =>
      DB.transaction(async () => {
        await Tag.create({ label: "1" });
        await DB.transaction(async () => {
          await Tag.create({ label: "2" });
          await settle(
            "the innermost DB.transaction()",
            DB.transaction(async () => {
              await Tag.create({ label: "3" });
              throw new InnerFailed("innermost");
            }),
          );
        });
      }),
    );
    expectEqual(
      `${sent}; then, from another session: SELECT name FROM tags`,
      ["1", "2"],
      await names(),
      "Each level needs a savepoint name of its own, and ROLLBACK TO goes back to that level's.",
    );
  });

  test("a nested call cannot change the isolation level: it is refused with TransactionError", async () => {
    const described = await configure({ pool: 3 });
    const sent = `${described}; DB.transaction(async () => DB.transaction(async () => {}, { isolation: "serializable" }))`;
    await expectFailure(
      sent,
      TransactionError,
      () => DB.transaction(() => DB.transaction(async () => undefined, { isolation: "serializable" })),
      "The level is fixed by the outermost BEGIN; a savepoint cannot have another. Refuse the option rather than ignore it.",
    );
  });
});
