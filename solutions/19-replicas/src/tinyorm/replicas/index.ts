// Chapter 19: reads routed to standbys, writes and transactions to the primary, replica lag from
// LSNs, read-your-writes, and failover to a promoted standby.
export { FailoverError, ReadOnlyServerError, ReplicaError } from "./errors.ts";
export { PROMOTE_WAIT_SECONDS, promote } from "./failover.ts";
export { currentLsn, replayedLsn, replicaLag, writtenLsn } from "./lag.ts";
export { formatLsn, parseLsn } from "./lsn.ts";
export { READ_ONLY_SQL_TRANSACTION, readOnlyError } from "./node.ts";
export { ReadYourWrites, WriteToken } from "./read-your-writes.ts";
export { type ReplicaLag, ReplicaRouter, type RouterOptions } from "./router.ts";
export { isRead } from "./statement.ts";
