// One migration, one transaction. PostgreSQL's DDL is transactional (CREATE TABLE, ALTER TABLE
// and DROP TABLE roll back like any INSERT), so BEGIN, the migration's statements, its row in
// the version table, COMMIT: either all of it is there afterwards, or none of it. A migration
// that fails halfway leaves the schema as it found it and can be fixed and run again.
import type { Connection } from "../connection.ts";
import { MigrationFailedError } from "./errors.ts";
import { loadMigration, type MigrationFile, type Sql } from "./files.ts";
import { recordApplied, recordRolledBack } from "./version-table.ts";

/** Runs `migration`'s up() or down() and records it, in one transaction on `db`. */
export async function applyMigration(
  db: Connection,
  migration: MigrationFile,
  direction: "up" | "down",
): Promise<void> {
  const module = await loadMigration(migration);
  const sql: Sql = (text, params) => db.query(text, params);
  // TODO(16): run module[direction](sql) between BEGIN and COMMIT, with recordApplied (up) or
  // recordRolledBack (down) inside the same transaction. On any error: ROLLBACK (an aborted
  // transaction accepts nothing else, 25P02), then throw new MigrationFailedError(migration.file,
  // direction, error).
  void [module, sql, MigrationFailedError, recordApplied, recordRolledBack];
  throw new Error("TODO(16): applyMigration() is not implemented");
}
