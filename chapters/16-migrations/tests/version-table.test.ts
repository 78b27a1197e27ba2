// Stage 16.2: the version table. Each applied migration is one row of tinyorm_migrations: its
// version, its name, the SHA-256 of the file as it ran, when. A file edited after it was applied
// is refused with ChecksumMismatchError naming the file, and an applied file that is gone is
// refused too — both before anything is changed. Checksums are computed here from the files.

import { appendFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { ChecksumMismatchError, MigrationError, migrate, rollback, status } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectRejection,
  sha256Of,
  showError,
  tableExists,
  useDatabase,
  useWorkspace,
  versionRows,
  within,
  writeMigration,
} from "./migrations.ts";

await stageWith([postgres], "16.2", (service) => {
  const db = useDatabase(service, "migrations_versions");
  const workspace = useWorkspace(db);

  async function migrated(connection: Parameters<typeof migrate>[0], dir: string): Promise<string[]> {
    try {
      return await within("migrate(db, dir)", migrate(connection, dir));
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      throw new CheckFailure("migrate() failed", {
        sent: "migrate(db, dir)",
        expected: "success",
        received: showError(error),
      });
    }
  }

  async function twoMigrations(dir: string) {
    await writeMigration(
      dir,
      "0001_create_items.ts",
      ["CREATE TABLE items (id int PRIMARY KEY)"],
      ["DROP TABLE items"],
    );
    await writeMigration(
      dir,
      "0002_add_label.ts",
      ["ALTER TABLE items ADD COLUMN label text"],
      ["ALTER TABLE items DROP COLUMN label"],
    );
  }

  test("records each applied migration: version, name, the SHA-256 of its file, and when", async () => {
    const { dir, schema, connect } = await workspace();
    await twoMigrations(dir);
    await migrated(await connect(), dir);
    const expected = [
      {
        version: "1",
        name: "create_items",
        checksum: await sha256Of(join(dir, "0001_create_items.ts")),
        applied: true,
      },
      { version: "2", name: "add_label", checksum: await sha256Of(join(dir, "0002_add_label.ts")), applied: true },
    ];
    expectEqual(
      `SELECT version, name, checksum, applied_at IS NOT NULL FROM ${schema}.tinyorm_migrations`,
      expected,
      await versionRows(db().url, schema),
      "One row per migration in tinyorm_migrations (version bigint, name text, checksum text, applied_at timestamptz DEFAULT now()); the checksum is the hex SHA-256 of the file's bytes.",
    );
  });

  test("refuses an applied migration whose file was edited: ChecksumMismatchError names the file, and nothing else runs", async () => {
    const { dir, schema, connect } = await workspace();
    await twoMigrations(dir);
    const connection = await connect();
    await migrated(connection, dir);
    await appendFile(join(dir, "0001_create_items.ts"), "// edited after it was applied\n");
    await writeMigration(dir, "0003_create_tags.ts", ["CREATE TABLE tags (id int)"], ["DROP TABLE tags"]);
    const sent = "edit 0001_create_items.ts after it was applied, add 0003_create_tags.ts, then migrate(db, dir)";
    const hint =
      "Before changing anything, compare the checksum recorded for every applied version with the file's checksum now; a difference is a ChecksumMismatchError whose message names the file.";
    const error = await expectRejection(sent, ChecksumMismatchError, () => migrate(connection, dir), hint);
    if (!error.message.includes("0001_create_items.ts"))
      throw new CheckFailure("the error does not name the edited file", {
        sent,
        expected: "a message naming 0001_create_items.ts",
        received: showError(error),
        hint,
      });
    if (await tableExists(db().url, schema, "tags"))
      throw new CheckFailure("a migration ran although an applied one was edited", {
        sent,
        expected: "0003_create_tags.ts not applied: the run stops before its first change",
        received: "the table tags exists",
        hint,
      });
    await expectRejection(
      `${sent.replace("migrate", "rollback")}`,
      ChecksumMismatchError,
      () => rollback(connection, dir),
      "rollback() checks the history too: down() of an edited file is not the down() of what ran.",
    );
    const listed = await within("status(db, dir)", status(connection, dir));
    expectEqual(
      "status(db, dir) with 0001 edited after it was applied",
      [
        ["0001_create_items.ts", "changed"],
        ["0002_add_label.ts", "applied"],
        ["0003_create_tags.ts", "pending"],
      ],
      listed.map((entry) => [entry.file, entry.state]),
      "status() reports an applied file whose checksum differs as changed, without throwing.",
    );
  });

  test("refuses to run when an applied migration's file is gone", async () => {
    const { dir, connect } = await workspace();
    await twoMigrations(dir);
    const connection = await connect();
    await migrated(connection, dir);
    await rm(join(dir, "0002_add_label.ts"));
    const sent = "delete 0002_add_label.ts after it was applied, then migrate(db, dir)";
    const error = await expectRejection(
      sent,
      MigrationError,
      () => migrate(connection, dir),
      "An applied version with no file means the folder no longer describes the database: refuse with a MigrationError that names it.",
    );
    if (!error.message.includes("add_label"))
      throw new CheckFailure("the error does not name the missing migration", {
        sent,
        expected: "a message naming 0002_add_label",
        received: showError(error),
      });
  });
});
