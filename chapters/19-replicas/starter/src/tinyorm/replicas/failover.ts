// Promotion: a standby stops following its primary and starts taking writes (docs §26.3,
// "Failover", and §9.27, "Recovery Control Functions": pg_promote()). The server does its part; a client must be told, and
// must check before it believes it: writes sent to a node still in recovery fail (25006), and
// reads sent to the old primary — which may still run, cut off — are stale from that moment.
import { connect } from "../connection.ts";
import type { Queryable } from "../query/execute.ts";
import { FailoverError } from "./errors.ts";

/** How long pg_promote() waits for the standby to finish recovery: its own default (§9.27, "Recovery Control Functions"). */
export const PROMOTE_WAIT_SECONDS = 60;

/** Promotes the standby at `url`, and returns once it accepts writes. */
export async function promote(url: string): Promise<void> {
  throw new Error(
    "TODO(19): promote — SELECT pg_promote(wait => true, wait_seconds => PROMOTE_WAIT_SECONDS) on the standby; false is a FailoverError",
  );
}

/** Refuses a node that is still in recovery (pg_is_in_recovery(), §9.27): it cannot be the primary. */
export async function assertPromoted(node: Queryable, server: string): Promise<void> {
  throw new Error("TODO(19): assertPromoted — SELECT pg_is_in_recovery() on the node; true is a FailoverError");
}
