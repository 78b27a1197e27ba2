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
  const files = await readMigrations(dir);
  return withMigrationLock(db, async () => {
    await ensureVersionTable(db);
    const applied = await appliedMigrations(db);
    verifyApplied(files, applied);
    const done = new Set(applied.map((row) => row.version));
    const ran: string[] = [];
    for (const file of files) {
      if (done.has(file.version)) continue;
      await applyMigration(db, file, "up");
      ran.push(file.file);
    }
    return ran;
  });
}

export interface RollbackOptions {
  /** How many of the newest applied migrations to undo: 1 unless given. */
  steps?: number;
}

/** Runs down() of the `steps` newest applied migrations, newest first; returns their file names. */
export async function rollback(db: Connection, dir: string, options: RollbackOptions = {}): Promise<string[]> {
  const steps = options.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a whole number ≥ 1, got ${steps}`);
  const files = await readMigrations(dir);
  return withMigrationLock(db, async () => {
    await ensureVersionTable(db);
    const applied = await appliedMigrations(db);
    verifyApplied(files, applied);
    const newest = applied.slice(-steps).reverse();
    const ran: string[] = [];
    for (const row of newest) {
      const file = files.find((candidate) => candidate.version === row.version);
      if (!file) throw new MigrationError(`no file for applied version ${row.version}`);
      await applyMigration(db, file, "down");
      ran.push(file.file);
    }
    return ran;
  });
}

export interface MigrationStatus {
  readonly file: string;
  /** applied; pending; changed: applied, but the file was edited since; missing: applied, and the file is gone. */
  readonly state: "applied" | "pending" | "changed" | "missing";
  readonly appliedAt?: Date;
}

/** Every migration, applied or in the folder, in version order. Reads only: creates nothing and takes no lock. */
export async function status(db: Connection, dir: string): Promise<MigrationStatus[]> {
  const files = await readMigrations(dir);
  const applied = (await versionTableExists(db)) ? await appliedMigrations(db) : [];
  const byVersion = new Map(applied.map((row) => [row.version, row]));
  const listed: { version: bigint; status: MigrationStatus }[] = files.map((file) => {
    const row = byVersion.get(file.version);
    if (!row) return { version: file.version, status: { file: file.file, state: "pending" } };
    const state = row.checksum === file.checksum ? "applied" : "changed";
    return { version: file.version, status: { file: file.file, state, appliedAt: row.appliedAt } };
  });
  const inFolder = new Set(files.map((file) => file.version));
  for (const row of applied.filter((candidate) => !inFolder.has(candidate.version)))
    listed.push({
      version: row.version,
      status: { file: `${row.version}_${row.name}.ts`, state: "missing", appliedAt: row.appliedAt },
    });
  listed.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return listed.map((entry) => entry.status);
}
