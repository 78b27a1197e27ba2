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
  // TODO(16): CREATE TABLE IF NOT EXISTS tinyorm_migrations (version bigint PRIMARY KEY, name text
  // NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()).
  void [db];
  throw new Error("TODO(16): ensureVersionTable() is not implemented");
}

/** Whether the table exists: status() reads without creating anything. */
export async function versionTableExists(db: Connection): Promise<boolean> {
  const { rows } = await db.query("SELECT to_regclass($1) IS NOT NULL AS exists", [VERSION_TABLE]);
  return rows[0]?.exists === true;
}

/** The applied migrations, oldest version first. */
export async function appliedMigrations(db: Connection): Promise<AppliedMigration[]> {
  // TODO(16): SELECT version, name, checksum, applied_at ORDER BY version, as AppliedMigration objects.
  void [db];
  throw new Error("TODO(16): appliedMigrations() is not implemented");
}

/** Records `migration` as applied: inside its transaction, after its up() succeeded. */
export async function recordApplied(db: Connection, migration: MigrationFile): Promise<void> {
  // TODO(16): INSERT the migration's version, name and checksum.
  void [db, migration];
  throw new Error("TODO(16): recordApplied() is not implemented");
}

/** Forgets `migration`: inside its transaction, after its down() succeeded. */
export async function recordRolledBack(db: Connection, migration: MigrationFile): Promise<void> {
  // TODO(16): DELETE the migration's row.
  void [db, migration];
  throw new Error("TODO(16): recordRolledBack() is not implemented");
}

/**
 * Refuses a history the files no longer describe: an applied migration whose file was edited
 * (ChecksumMismatchError, naming the file) or deleted. Runs before anything is changed.
 */
export function verifyApplied(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): void {
  // TODO(16): for each applied row, find the file of its version. None: throw a MigrationError naming
  // the migration. A different checksum: throw new ChecksumMismatchError(file.file, row.checksum, file.checksum).
  void [files, applied, ChecksumMismatchError, MigrationError];
  throw new Error("TODO(16): verifyApplied() is not implemented");
}
