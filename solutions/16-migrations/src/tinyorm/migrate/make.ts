// make: writes the next migration file from the difference between the models and the database.
// The database must be up to date with the folder first — otherwise the difference would
// include what a pending migration already does, and applying both would do it twice.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Connection } from "../connection.ts";
import { MigrationError } from "./errors.ts";
import { MIGRATION_FILE, readMigrations } from "./files.ts";
import { status } from "./migrate.ts";
import { type DeclaredModel, diffSchema, type SchemaChange } from "./schema-diff.ts";

/** Versions written by make have at least this many digits, so that files sort by name too. */
const VERSION_DIGITS = 4;

/**
 * Writes `<next version>_<name>.ts` in `dir` with the changes that bring the database to the
 * models, and returns its path; returns undefined, writing nothing, when there is no change.
 */
export async function make(
  db: Connection,
  dir: string,
  models: readonly DeclaredModel[],
  name: string,
): Promise<string | undefined> {
  if (!MIGRATION_FILE.test(`0_${name}.ts`))
    throw new MigrationError(`a migration's name is lower-case letters, digits and underscores, got "${name}"`);
  await mkdir(dir, { recursive: true });
  const unapplied = (await status(db, dir)).filter((entry) => entry.state !== "applied");
  if (unapplied.length > 0)
    throw new MigrationError(
      `run migrate first: make compares the models with an up-to-date database, and ${unapplied.map((entry) => `${entry.file} is ${entry.state}`).join(", ")}`,
    );
  const changes = await diffSchema(db, models);
  if (changes.length === 0) return undefined;
  const last = (await readMigrations(dir)).at(-1)?.version ?? 0n;
  const path = join(dir, `${String(last + 1n).padStart(VERSION_DIGITS, "0")}_${name}.ts`);
  await writeFile(path, migrationSource(changes));
  return path;
}

/** The migration module: up() runs the changes in order, down() undoes them in reverse. */
function migrationSource(changes: readonly SchemaChange[]): string {
  const step = (description: string, statement: string) =>
    `  // ${description}\n  await sql(${JSON.stringify(statement)});\n`;
  const up = changes.map((change) => step(change.description, change.up)).join("");
  const down = [...changes]
    .reverse()
    .map((change) => step(`undo: ${change.description}`, change.down))
    .join("");
  return `// Written by tinyorm make from the difference between the models and the database.
// Read it before applying it: make cannot tell a rename from a drop and an add.
type Sql = (text: string) => Promise<unknown>;

export async function up(sql: Sql): Promise<void> {
${up}}

export async function down(sql: Sql): Promise<void> {
${down}}
`;
}
