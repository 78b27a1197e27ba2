// How far a standby is behind: the primary's WAL position now, minus the position the standby
// has replayed up to (docs §9.27, "Backup Control Functions": pg_current_wal_lsn(); "Recovery Control Functions": pg_last_wal_replay_lsn()). Replay,
// not receipt: a standby may have received WAL it has not applied yet (replay paused, or busy),
// and a query there sees only what was applied.
import type { Queryable } from "../query/execute.ts";
import { ReplicaError } from "./errors.ts";
import { parseLsn } from "./lsn.ts";

/** The primary's current write position. */
export async function currentLsn(primary: Queryable): Promise<bigint> {
  const { rows } = await primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
  return parseLsn(rows[0]!.lsn);
}

/**
 * Where everything written so far will end, the commit just made included: the insert position
 * (§9.27, "Backup Control Functions", pg_current_wal_insert_lsn()). The write position can trail a commit made with
 * synchronous_commit off until the WAL writer catches up, and a token short of the commit would
 * let a standby that has not replayed it answer.
 */
export async function writtenLsn(primary: Queryable): Promise<bigint> {
  const { rows } = await primary.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
  return parseLsn(rows[0]!.lsn);
}

/** The position up to which the standby has applied WAL. */
export async function replayedLsn(replica: Queryable): Promise<bigint> {
  const { rows } = await replica.query<{ lsn: string | null }>("SELECT pg_last_wal_replay_lsn()::text AS lsn");
  const lsn = rows[0]?.lsn;
  // NULL: the server is not in recovery — a primary, or a standby that was promoted.
  if (lsn === null || lsn === undefined) throw new ReplicaError("pg_last_wal_replay_lsn() is NULL: not a standby");
  return parseLsn(lsn);
}

/** Bytes of WAL the standby has still to replay; 0 once it is caught up. */
export async function replicaLag(primary: Queryable, replica: Queryable): Promise<number> {
  // The standby first: read second, it could have replayed past the position just read from the
  // primary, and a standby that is behind would show no lag at all.
  const replayed = await replayedLsn(replica);
  const current = await currentLsn(primary);
  return current > replayed ? Number(current - replayed) : 0;
}
