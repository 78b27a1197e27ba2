// Migration files. A migration is a TypeScript module named `<version>_<name>.ts` that exports
// two functions, up(sql) and down(sql): up changes the schema, down undoes exactly that. Each
// receives `sql`, which runs one statement (chapter 11's extended protocol takes one statement
// per query), so a migration is plain code: several statements, a loop, a data fix between two
// DDL statements, all in the one transaction the runner opens around it.
//
// The version is the number before the first underscore, compared as a number: 10 comes after 9
// whatever the padding. A file's checksum is the SHA-256 of its bytes, read once here, so what
// is recorded is exactly what was run.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { QueryResult } from "../connection.ts";
import type { SqlValue } from "../parameters.ts";
import { MigrationError } from "./errors.ts";

/** `0001_create_users.ts`: digits, an underscore, a name of lower-case letters, digits and underscores. */
export const MIGRATION_FILE = /^(\d+)_([a-z0-9_]+)\.ts$/;

/** What a migration's up() and down() run their statements with. */
export type Sql = (text: string, params?: readonly SqlValue[]) => Promise<QueryResult>;

/** A migration module: what `import()` of a migration file must give. */
export interface MigrationModule {
  up(sql: Sql): Promise<void>;
  down(sql: Sql): Promise<void>;
}

export interface MigrationFile {
  readonly version: bigint;
  /** The name after the version: "create_users". */
  readonly name: string;
  /** The file's name: "0001_create_users.ts". */
  readonly file: string;
  readonly path: string;
  /** SHA-256 of the file's bytes, in hex. */
  readonly checksum: string;
}

/**
 * The migrations in `dir`, in version order. Files that are not .ts are ignored (a README may
 * sit beside them); a .ts file with another name, or two files with one version, are refused,
 * because skipping either silently would leave a migration unapplied.
 */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new MigrationError(`cannot read the migrations folder ${dir}`, { cause: error });
  }
  const migrations: MigrationFile[] = [];
  for (const file of names.filter((name) => name.endsWith(".ts"))) {
    const match = MIGRATION_FILE.exec(file);
    if (!match?.[1] || !match[2])
      throw new MigrationError(`${file} is not named <version>_<name>.ts (e.g. 0001_create_users.ts)`);
    const path = join(dir, file);
    const checksum = createHash("sha256")
      .update(await readFile(path))
      .digest("hex");
    migrations.push({ version: BigInt(match[1]), name: match[2], file, path, checksum });
  }
  migrations.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  for (let i = 1; i < migrations.length; i++) {
    const [before, after] = [migrations[i - 1], migrations[i]];
    if (before && after && before.version === after.version)
      throw new MigrationError(`${before.file} and ${after.file} have the same version ${after.version}`);
  }
  return migrations;
}

/**
 * Imports a migration. The checksum goes in the URL: ES modules are cached by URL for the life
 * of the process, and a file edited since it was first imported must be imported afresh.
 */
export async function loadMigration(migration: MigrationFile): Promise<MigrationModule> {
  const url = `${pathToFileURL(migration.path).href}?checksum=${migration.checksum}`;
  const module: Partial<MigrationModule> = await import(url);
  if (typeof module.up !== "function" || typeof module.down !== "function")
    throw new MigrationError(`${migration.file} must export two functions, up(sql) and down(sql)`);
  return module as MigrationModule;
}
