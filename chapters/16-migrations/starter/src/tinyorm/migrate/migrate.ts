// The runner: migrate() applies what is pending, rollback() undoes the newest, status() says
// which is which. migrate() and rollback() hold the migration lock from before they read the
// version table until after their last COMMIT, so what they read is still true when they act.
import type { Connection } from "../connection.ts";
import { applyMigration } from "./apply.ts";
import { MigrationError } from "./errors.ts";
import { readMigrations } from "./files.ts";
import { withMigrationLock } from "./lock.ts";
import { appliedMigrations, ensureVersionTable, verifyApplied, versionTableExists } from "./version-table.ts";

/** Applies every migration of `dir` not applied yet, oldest version first; returns their file names. */
export async function migrate(db: Connection, dir: string): Promise<string[]> {
  // TODO(16): read the files (readMigrations), then under withMigrationLock: ensureVersionTable,
  // appliedMigrations, verifyApplied, and applyMigration(db, file, "up") for every file whose version
  // is not applied, in order. Return the names of the files applied.
  void [
    db,
    dir,
    readMigrations,
    withMigrationLock,
    ensureVersionTable,
    appliedMigrations,
    verifyApplied,
    applyMigration,
  ];
  throw new Error("TODO(16): migrate() is not implemented");
}

export interface RollbackOptions {
  /** How many of the newest applied migrations to undo: 1 unless given. */
  steps?: number;
}

/** Runs down() of the `steps` newest applied migrations, newest first; returns their file names. */
export async function rollback(db: Connection, dir: string, options: RollbackOptions = {}): Promise<string[]> {
  // TODO(16): as migrate(), under the lock; then applyMigration(db, file, "down") for the `steps`
  // newest applied migrations (1 unless given), newest first. Return their file names.
  void [db, dir, options, MigrationError];
  throw new Error("TODO(16): rollback() is not implemented");
}

export interface MigrationStatus {
  readonly file: string;
  /** applied; pending; changed: applied, but the file was edited since; missing: applied, and the file is gone. */
  readonly state: "applied" | "pending" | "changed" | "missing";
  readonly appliedAt?: Date;
}

/** Every migration, applied or in the folder, in version order. Reads only: creates nothing and takes no lock. */
export async function status(db: Connection, dir: string): Promise<MigrationStatus[]> {
  // TODO(16): without a version table (versionTableExists), every file is pending. Otherwise each
  // file is applied (its version has a row, same checksum), changed (a row, another checksum) or
  // pending (no row); an applied row with no file is missing, named <version>_<name>.ts. In version order.
  void [versionTableExists];
  throw new Error("TODO(16): status() is not implemented");
}
