// The version table: one row per applied migration, written in the same transaction as the
// migration's own changes, so the row exists exactly when the changes do. The checksum is the
// file's SHA-256 at the time it ran; a file whose checksum no longer matches was edited after
// it was applied, and the run stops before it changes anything.
import type { Connection } from "../connection.ts";
import { ChecksumMismatchError, MigrationError } from "./errors.ts";
import type { MigrationFile } from "./files.ts";

/** The table's name, in the connection's current schema (the first schema of search_path). */
export const VERSION_TABLE = "tinyorm_migrations";

export interface AppliedMigration {
  readonly version: bigint;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: Date;
}

/** Creates the table if it is not there. Run under the migration lock: two sessions creating it at once would collide (23505 on pg_type). */
export async function ensureVersionTable(db: Connection): Promise<void> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (
       version bigint PRIMARY KEY,
       name text NOT NULL,
       checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
}

/** Whether the table exists: status() reads without creating anything. */
export async function versionTableExists(db: Connection): Promise<boolean> {
  const { rows } = await db.query("SELECT to_regclass($1) IS NOT NULL AS exists", [VERSION_TABLE]);
  return rows[0]?.exists === true;
}

/** The applied migrations, oldest version first. */
export async function appliedMigrations(db: Connection): Promise<AppliedMigration[]> {
  const { rows } = await db.query(`SELECT version, name, checksum, applied_at FROM ${VERSION_TABLE} ORDER BY version`);
  return rows.map((row) => ({
    version: row.version as bigint,
    name: row.name as string,
    checksum: row.checksum as string,
    appliedAt: row.applied_at as Date,
  }));
}

/** Records `migration` as applied: inside its transaction, after its up() succeeded. */
export async function recordApplied(db: Connection, migration: MigrationFile): Promise<void> {
  await db.query(`INSERT INTO ${VERSION_TABLE} (version, name, checksum) VALUES ($1, $2, $3)`, [
    migration.version,
    migration.name,
    migration.checksum,
  ]);
}

/** Forgets `migration`: inside its transaction, after its down() succeeded. */
export async function recordRolledBack(db: Connection, migration: MigrationFile): Promise<void> {
  await db.query(`DELETE FROM ${VERSION_TABLE} WHERE version = $1`, [migration.version]);
}

/**
 * Refuses a history the files no longer describe: an applied migration whose file was edited
 * (ChecksumMismatchError, naming the file) or deleted. Runs before anything is changed.
 */
export function verifyApplied(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): void {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file)
      throw new MigrationError(
        `migration ${row.version}_${row.name}.ts was applied, but its file is not in the folder`,
      );
    if (file.checksum !== row.checksum) throw new ChecksumMismatchError(file.file, row.checksum, file.checksum);
  }
}
