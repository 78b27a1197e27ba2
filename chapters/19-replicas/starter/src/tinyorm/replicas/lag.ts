// How far a standby is behind: the primary's WAL position now, minus the position the standby
// has replayed up to (docs §9.27, "Backup Control Functions": pg_current_wal_lsn(); "Recovery Control Functions": pg_last_wal_replay_lsn()). Replay,
// not receipt: a standby may have received WAL it has not applied yet (replay paused, or busy),
// and a query there sees only what was applied.
import type { Queryable } from "../query/execute.ts";
import { ReplicaError } from "./errors.ts";
import { parseLsn } from "./lsn.ts";

/** The primary's current write position. */
export async function currentLsn(primary: Queryable): Promise<bigint> {
  throw new Error("TODO(19): currentLsn — SELECT pg_current_wal_lsn()::text on the primary, parsed");
}

/**
 * Where everything written so far will end, the commit just made included: the insert position
 * (§9.27, "Backup Control Functions", pg_current_wal_insert_lsn()). The write position can trail a commit made with
 * synchronous_commit off until the WAL writer catches up, and a token short of the commit would
 * let a standby that has not replayed it answer.
 */
export async function writtenLsn(primary: Queryable): Promise<bigint> {
  throw new Error("TODO(19): writtenLsn — SELECT pg_current_wal_insert_lsn()::text on the primary, parsed");
}

/** The position up to which the standby has applied WAL. */
export async function replayedLsn(replica: Queryable): Promise<bigint> {
  throw new Error(
    "TODO(19): replayedLsn — SELECT pg_last_wal_replay_lsn()::text on the standby; NULL is a ReplicaError",
  );
}

/** Bytes of WAL the standby has still to replay; 0 once it is caught up. */
export async function replicaLag(primary: Queryable, replica: Queryable): Promise<number> {
  throw new Error(
    "TODO(19): replicaLag — the primary's current LSN minus the standby's replayed LSN, in bytes, 0 if negative",
  );
}
