// One migrator at a time. Five copies of an app starting at once may each run `migrate`: without
// a lock, each reads "0003 not applied" and each runs it. pg_advisory_lock (docs §9.28.10, and
// §13.3.5 on advisory locks) is a lock on a number that means what the application says it
// means; the second caller waits until the first unlocks, then reads the version table again
// and finds nothing left to do. The lock belongs to the session, not to a transaction, so it
// is held across every migration's own BEGIN … COMMIT, and it is released if the session dies.
import type { Connection } from "../connection.ts";

/**
 * The lock's number, one for every tinyorm migrator. Advisory locks are per database, so
 * migrators of different databases on one server do not wait for each other.
 */
export const MIGRATION_LOCK_KEY = 7_412_063_195_524_817n;

/** Runs `work` holding the migration lock on `db`'s session; waits as long as another holds it. */
export async function withMigrationLock<T>(db: Connection, work: () => Promise<T>): Promise<T> {
  await db.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
  try {
    return await work();
  } finally {
    // A session-level lock outlives a failed migration: unlock whatever happened, or every
    // other migrator waits until this session closes.
    await db.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
  }
}
