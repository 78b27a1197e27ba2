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
  const connection = await connect({ url });
  try {
    // wait => true: return only when recovery has ended, or false after wait_seconds.
    const { rows } = await connection.query<{ promoted: boolean }>(
      "SELECT pg_promote(wait => true, wait_seconds => $1) AS promoted",
      [PROMOTE_WAIT_SECONDS],
    );
    if (!rows[0]?.promoted) throw new FailoverError(`${url} did not finish promotion within ${PROMOTE_WAIT_SECONDS} s`);
  } finally {
    await connection.close();
  }
}

/** Refuses a node that is still in recovery (pg_is_in_recovery(), §9.27): it cannot be the primary. */
export async function assertPromoted(node: Queryable, server: string): Promise<void> {
  const { rows } = await node.query<{ recovering: boolean }>("SELECT pg_is_in_recovery() AS recovering");
  if (rows[0]?.recovering)
    throw new FailoverError(`${server} is still a standby (in recovery): promote it before failing over to it`);
}
