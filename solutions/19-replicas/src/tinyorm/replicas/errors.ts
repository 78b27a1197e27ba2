// What goes wrong between a primary and its standbys, as classes a caller can catch.
import { type DatabaseError, InvalidTransactionState } from "../errors.ts";

/**
 * 25006 read_only_sql_transaction from a server in recovery: a write reached a standby. The
 * usual cause is a stale idea of who the primary is — a failover happened and this process
 * was not told (docs §26.3, "Failover"). `server` is the host:port that refused.
 */
export class ReadOnlyServerError extends InvalidTransactionState {
  constructor(
    readonly server: string,
    error: DatabaseError,
  ) {
    super(`${server} is a read-only standby and refused a write: ${error.message}`, error, { cause: error });
  }
}

/** A failover that cannot be declared: the node named is still a standby, or is not known. Nothing changed. */
export class FailoverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FailoverError";
  }
}

/** A standby that does not answer like one: pg_last_wal_replay_lsn() is NULL on a primary. */
export class ReplicaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplicaError";
  }
}
