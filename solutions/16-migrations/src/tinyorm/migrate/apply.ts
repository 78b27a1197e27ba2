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
  await db.query("BEGIN");
  try {
    await module[direction](sql);
    if (direction === "up") await recordApplied(db, migration);
    else await recordRolledBack(db, migration);
    await db.query("COMMIT");
  } catch (error) {
    // After an error the transaction is aborted (25P02): only ROLLBACK ends it.
    await db.query("ROLLBACK");
    throw new MigrationFailedError(migration.file, direction, error);
  }
}
