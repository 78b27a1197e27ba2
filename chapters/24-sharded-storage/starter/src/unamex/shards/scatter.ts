// Scatter-gather: the same query on every shard at once, the answers gathered as they come —
// and a deadline, because the slowest of N shards decides how long the whole takes, and one
// shard stuck behind a lock must not hold up a page that nine others have already answered.
//
//   scatter(query, { deadlineMs: 200 })
//     shard-0 ──BEGIN; SET LOCAL statement_timeout = 198; query──► rows        answered
//     shard-1 ──BEGIN; SET LOCAL statement_timeout = 197; query──► rows        answered
//     shard-2 ──BEGIN; SET LOCAL statement_timeout = 198; query──┐ waits on a lock …
//                                         the server cancels it ─┘ at the deadline: 57014   missed
//
// The deadline is enforced by each server, not by a timer here: a client that stops waiting
// leaves the statement running (and holding its locks, and its session) for nobody. With
// statement_timeout the server cancels it itself (docs: Client Connection Defaults), and what
// scatter() reports as missed is gone from pg_stat_activity by the time it reports it. SET LOCAL
// ends with the transaction, so the pooled session goes back with its usual settings.
import { compile, type Query, QueryCanceled, type SqlValue } from "@trilogy/tinyorm";
import type { Shard } from "./shard.ts";

/** The longest deadline a scatter takes: statement_timeout is an int of milliseconds, and a minute is already no deadline. */
export const MAX_DEADLINE_MS = 60_000;

/** A query for every shard: one built with chapter 12's builder, or SQL and its parameters. */
export type ShardQuery<R> =
  | Query<R>
  | { readonly sql: string; readonly params?: readonly SqlValue[]; readonly rowType?: R };

export interface ScatterOptions {
  /** How long the whole scatter may take, from the call: 1 to MAX_DEADLINE_MS. */
  deadlineMs: number;
}

/** What one shard did with the query. */
export type ShardResult<R> =
  | { readonly shard: string; readonly status: "answered"; readonly rows: R[]; readonly ms: number }
  | { readonly shard: string; readonly status: "missed"; readonly ms: number }
  | { readonly shard: string; readonly status: "failed"; readonly error: unknown; readonly ms: number };

export interface Scattered<R> {
  /** One result per shard, in the set's order. */
  readonly results: readonly ShardResult<R>[];
  /** The rows of every shard that answered, in shard order. */
  readonly rows: R[];
  /** The shards that did not answer within the deadline; their statements were cancelled. */
  readonly missed: readonly string[];
  /** Whether every shard answered. */
  readonly complete: boolean;
}

export async function scatter<R>(
  shards: readonly Shard[],
  query: ShardQuery<R>,
  options: ScatterOptions,
): Promise<Scattered<R>> {
  // TODO(24): check deadlineMs (a whole number from 1 to MAX_DEADLINE_MS, else a RangeError
  // naming deadlineMs); the SQL and parameters ("sql" in query ? … : compile(query)); then
  // askOne() on every shard at once, and the results gathered into rows, missed and complete.
  throw new Error(
    `TODO(24): scatter() is not implemented (${shards.length} shards, ${JSON.stringify(options)}, ${typeof query})`,
  );
}

/** The query on one shard, with what is left of the deadline as its statement_timeout. */
async function askOne<R>(
  shard: Shard,
  sql: string,
  params: readonly SqlValue[],
  started: number,
  deadlineMs: number,
): Promise<ShardResult<R>> {
  // TODO(24): in shard.transaction(): SET LOCAL statement_timeout = what is left of the deadline
  // (missed if nothing is left), then the query. Its rows are "answered"; a QueryCanceled
  // (57014) is "missed"; any other error is "failed".
  throw new Error(
    `TODO(24): askOne() is not implemented (${shard.name}, ${sql}, ${params.length} parameters, ${started}, ${deadlineMs} ms)`,
  );
}
