// Stage 16.1: migration files in version order. A folder holds <version>_<name>.ts modules with
// up() and down(); migrate() runs up() of each one not applied yet, ordered by the version as a
// number (9 before 10), and returns the files it ran; status() lists every file as applied or
// pending without changing anything. The migrations write into a log table, read by the witness.
import { migrate, status } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  column,
  expectEqual,
  showError,
  tableExists,
  useDatabase,
  useWorkspace,
  versionRows,
  within,
  writeMigration,
} from "./migrations.ts";

await stageWith([postgres], "16.1", (service) => {
  const db = useDatabase(service, "migrations_files");
  const workspace = useWorkspace(db);

  async function logSteps(schema: string): Promise<unknown[]> {
    return column(db().url, `SELECT step FROM ${schema}.log ORDER BY seq`);
  }

  async function run<T>(what: string, call: () => Promise<T>, hint: string): Promise<T> {
    try {
      return await within(what, call());
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      throw new CheckFailure("it failed", { sent: what, expected: "success", received: showError(error), hint });
    }
  }

  test("applies the pending migrations in version order (2, 9, 10 — numbers, not text) and returns their files", async () => {
    const { dir, schema, connect } = await workspace();
    await writeMigration(
      dir,
      "1_create_log.ts",
      ["CREATE TABLE log (seq serial PRIMARY KEY, step text NOT NULL)"],
      ["DROP TABLE log"],
    );
    await writeMigration(
      dir,
      "10_ten.ts",
      ["INSERT INTO log (step) VALUES ('ten')"],
      ["DELETE FROM log WHERE step = 'ten'"],
    );
    await writeMigration(
      dir,
      "2_two.ts",
      ["INSERT INTO log (step) VALUES ('two')"],
      ["DELETE FROM log WHERE step = 'two'"],
    );
    await writeMigration(
      dir,
      "9_nine.ts",
      ["INSERT INTO log (step) VALUES ('nine')"],
      ["DELETE FROM log WHERE step = 'nine'"],
    );
    const connection = await connect();
    const ran = await run(
      "migrate(db, dir)",
      () => migrate(connection, dir),
      "migrate() runs up() of every pending file and returns their names.",
    );
    expectEqual(
      "migrate(db, dir) with 1_create_log.ts, 2_two.ts, 9_nine.ts, 10_ten.ts",
      ["1_create_log.ts", "2_two.ts", "9_nine.ts", "10_ten.ts"],
      ran,
      'Order by the version as a number: as text, "10" sorts before "2".',
    );
    expectEqual(
      "SELECT step FROM log ORDER BY seq",
      ["two", "nine", "ten"],
      await logSteps(schema),
      "Each up() runs once, in version order.",
    );
  });

  test("a second migrate applies nothing, and a file added later is applied alone", async () => {
    const { dir, schema, connect } = await workspace();
    await writeMigration(
      dir,
      "0001_create_log.ts",
      ["CREATE TABLE log (seq serial PRIMARY KEY, step text NOT NULL)"],
      ["DROP TABLE log"],
    );
    await writeMigration(dir, "0002_first.ts", ["INSERT INTO log (step) VALUES ('first')"], ["DELETE FROM log"]);
    const connection = await connect();
    await run("migrate(db, dir)", () => migrate(connection, dir), "migrate() runs up() of every pending file.");
    const again = await run(
      "migrate(db, dir) a second time",
      () => migrate(connection, dir),
      "An applied migration is never run again: remember which versions ran (a table in the database) and skip them.",
    );
    expectEqual(
      "migrate(db, dir) a second time",
      [],
      again,
      "Nothing is pending: nothing runs, and the result is empty.",
    );
    await writeMigration(
      dir,
      "0003_second.ts",
      ["INSERT INTO log (step) VALUES ('second')"],
      ["DELETE FROM log WHERE step = 'second'"],
    );
    const third = await run(
      "migrate(db, dir) after adding 0003_second.ts",
      () => migrate(connection, dir),
      "Only the new file is pending.",
    );
    expectEqual(
      "migrate(db, dir) after adding 0003_second.ts",
      ["0003_second.ts"],
      third,
      "Only the file not applied yet runs.",
    );
    expectEqual(
      "SELECT step FROM log ORDER BY seq",
      ["first", "second"],
      await logSteps(schema),
      "Each migration's up() runs exactly once.",
    );
  });

  test("status() lists every file as pending or applied, and changes nothing", async () => {
    const { dir, schema, connect } = await workspace();
    await writeMigration(
      dir,
      "0001_create_log.ts",
      ["CREATE TABLE log (seq serial PRIMARY KEY, step text NOT NULL)"],
      ["DROP TABLE log"],
    );
    await writeMigration(dir, "0002_first.ts", ["INSERT INTO log (step) VALUES ('first')"], ["DELETE FROM log"]);
    const connection = await connect();
    const before = await run(
      "status(db, dir) on a schema never migrated",
      () => status(connection, dir),
      "status() reads; with no version table, everything is pending.",
    );
    expectEqual(
      "status(db, dir) on a schema never migrated",
      [
        ["0001_create_log.ts", "pending"],
        ["0002_first.ts", "pending"],
      ],
      before.map((entry) => [entry.file, entry.state]),
      "Every file is pending until it has been applied.",
    );
    if ((await versionRows(db().url, schema)) !== null || (await tableExists(db().url, schema, "log")))
      throw new CheckFailure("status() changed the database", {
        sent: "status(db, dir) on a schema never migrated",
        expected: "no table created: status only reads",
        received: "a table exists afterwards",
        hint: "Check whether the version table exists (to_regclass) instead of creating it.",
      });
    await writeMigration(dir, "0003_second.ts", ["INSERT INTO log (step) VALUES ('second')"], ["DELETE FROM log"]);
    await run("migrate(db, dir)", () => migrate(connection, dir), "migrate() runs up() of every pending file.");
    await writeMigration(dir, "0004_third.ts", ["INSERT INTO log (step) VALUES ('third')"], ["DELETE FROM log"]);
    const after = await run(
      "status(db, dir) after migrate and a new file",
      () => status(connection, dir),
      "status() lists files and applied rows.",
    );
    expectEqual(
      "status(db, dir) after migrating 0001–0003 and adding 0004_third.ts",
      [
        ["0001_create_log.ts", "applied"],
        ["0002_first.ts", "applied"],
        ["0003_second.ts", "applied"],
        ["0004_third.ts", "pending"],
      ],
      after.map((entry) => [entry.file, entry.state]),
      "A file is applied when the version table has its version, pending otherwise.",
    );
  });
});
