// Stage 16.3: one migration, one transaction. A migration that fails halfway leaves neither its
// changes nor its version row (PostgreSQL's DDL is transactional), the ones before it stay, and
// once fixed it runs. rollback({ steps }) runs down() of the newest applied migrations, newest
// first, and up then down leaves a catalog identical to the one before, as the witness dumps it.
import { MigrationFailedError, migrate, rollback } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  dumpCatalog,
  expectEqual,
  expectRejection,
  expectSameCatalog,
  showError,
  tableExists,
  useDatabase,
  useWorkspace,
  versionRows,
  within,
  withWitness,
  writeMigration,
} from "./migrations.ts";

/** Three migrations of varied DDL, each with the down() that undoes it. */
const MIGRATIONS: [file: string, up: string[], down: string[]][] = [
  [
    "0001_create_authors.ts",
    [
      "CREATE TABLE authors (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE)",
      "CREATE INDEX authors_name_lower ON authors (lower(name))",
    ],
    ["DROP TABLE authors"],
  ],
  [
    "0002_create_books.ts",
    [
      "CREATE TABLE books (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES authors, title text NOT NULL CHECK (title <> ''))",
    ],
    ["DROP TABLE books"],
  ],
  [
    "0003_books_price.ts",
    [
      "ALTER TABLE books ADD COLUMN price numeric(8, 2) NOT NULL DEFAULT 0",
      "ALTER TABLE authors ALTER COLUMN name TYPE varchar(200)",
    ],
    ["ALTER TABLE authors ALTER COLUMN name TYPE text", "ALTER TABLE books DROP COLUMN price"],
  ],
];

await stageWith([postgres], "16.3", (service) => {
  const db = useDatabase(service, "migrations_transactions");
  const workspace = useWorkspace(db);

  async function call<T>(what: string, promise: Promise<T>, hint?: string): Promise<T> {
    try {
      return await within(what, promise);
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      throw new CheckFailure("it failed", {
        sent: what,
        expected: "success",
        received: showError(error),
        ...(hint ? { hint } : {}),
      });
    }
  }

  test("a failing migration leaves neither its changes nor its version row; the earlier ones stay; fixed, it runs", async () => {
    const { dir, schema, connect } = await workspace();
    await writeMigration(dir, "0001_create_a.ts", ["CREATE TABLE a (id int)"], ["DROP TABLE a"]);
    await writeMigration(
      dir,
      "0002_create_b.ts",
      ["CREATE TABLE b (id int)", "INSERT INTO b VALUES (1)", "SELECT 1 / 0"],
      ["DROP TABLE b"],
    );
    const connection = await connect();
    const sent = "migrate(db, dir) where 0002_create_b.ts creates b, inserts a row, then divides by zero";
    const hint =
      "Run each migration between BEGIN and COMMIT, its version row included; on an error, ROLLBACK and throw MigrationFailedError naming the file.";
    const error = await expectRejection(sent, MigrationFailedError, () => migrate(connection, dir), hint);
    if (!error.message.includes("0002_create_b.ts"))
      throw new CheckFailure("the error does not name the failing file", {
        sent,
        expected: "a message naming 0002_create_b.ts",
        received: showError(error),
        hint,
      });
    const rows = (await versionRows(db().url, schema))?.map((row) => row.name);
    expectEqual(`${sent}; then the version table`, ["create_a"], rows, hint);
    if (await tableExists(db().url, schema, "b"))
      throw new CheckFailure("the failed migration's table is still there", {
        sent,
        expected: "no table b: its CREATE TABLE rolled back with the rest",
        received: "table b exists",
        hint,
      });
    if (!(await tableExists(db().url, schema, "a")))
      throw new CheckFailure("the migration before the failing one was undone", {
        sent,
        expected: "table a: 0001 committed on its own",
        received: "no table a",
        hint: "One transaction per migration, not one for the whole run.",
      });
    await writeMigration(
      dir,
      "0002_create_b.ts",
      ["CREATE TABLE b (id int)", "INSERT INTO b VALUES (1)"],
      ["DROP TABLE b"],
    );
    const ran = await call(
      "fix 0002_create_b.ts, then migrate(db, dir) on the same connection",
      migrate(connection, dir),
      "After a failure the session must be usable again: ROLLBACK ends the aborted transaction (25P02 otherwise), and the lock is released.",
    );
    expectEqual(
      "migrate(db, dir) after fixing 0002_create_b.ts",
      ["0002_create_b.ts"],
      ran,
      "The fixed file is pending: a failed migration recorded nothing.",
    );
  });

  test("rollback({ steps: 2 }) runs down() of the two newest migrations, newest first, and forgets them", async () => {
    const { dir, schema, connect } = await workspace();
    for (const [file, up, down] of MIGRATIONS) await writeMigration(dir, file, up, down);
    const connection = await connect();
    await call("migrate(db, dir)", migrate(connection, dir));
    const undone = await call("rollback(db, dir, { steps: 2 })", rollback(connection, dir, { steps: 2 }));
    expectEqual(
      "rollback(db, dir, { steps: 2 }) after applying 0001–0003",
      ["0003_books_price.ts", "0002_create_books.ts"],
      undone,
      "The newest applied migration is undone first: 0003's down() needs 0002's table to exist.",
    );
    expectEqual(
      "the version table after rolling back two of three",
      ["create_authors"],
      (await versionRows(db().url, schema))?.map((row) => row.name),
      "down() and deleting the version row happen in one transaction, like up() and inserting it.",
    );
    const again = await call("migrate(db, dir) after the rollback", migrate(connection, dir));
    expectEqual(
      "migrate(db, dir) after rolling back two",
      ["0002_create_books.ts", "0003_books_price.ts"],
      again,
      "What was rolled back is pending again.",
    );
  });

  test("up then down leaves the catalog exactly as it was: columns, types, defaults, constraints, indexes, sequences", async () => {
    const { dir, schema, connect } = await workspace();
    for (const [file, up, down] of MIGRATIONS) await writeMigration(dir, file, up, down);
    await withWitness(db().url, (client) =>
      client.query(`CREATE TABLE ${schema}.untouched (id int PRIMARY KEY, note text DEFAULT 'x')`),
    );
    const connection = await connect();
    const before = await withWitness(db().url, (client) => dumpCatalog(client, schema));
    await call("migrate(db, dir)", migrate(connection, dir));
    const during = await withWitness(db().url, (client) => dumpCatalog(client, schema));
    if (during.length <= before.length)
      throw new CheckFailure("migrate() did not change the catalog", {
        sent: "migrate(db, dir)",
        expected: "three migrations' tables",
        received: `${during.length} catalog lines`,
      });
    await call("rollback(db, dir, { steps: 3 })", rollback(connection, dir, { steps: 3 }));
    const after = await withWitness(db().url, (client) => dumpCatalog(client, schema));
    expectSameCatalog(
      "dump the catalog; migrate(db, dir); rollback(db, dir, { steps: 3 }); dump again",
      before,
      after,
      "rollback must run every applied migration's down(), newest first, each in its transaction.",
    );
  });
});
