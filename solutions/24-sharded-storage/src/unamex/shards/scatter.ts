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
  const deadlineMs = options?.deadlineMs;
  if (!Number.isInteger(deadlineMs) || deadlineMs < 1 || deadlineMs > MAX_DEADLINE_MS)
    throw new RangeError(
      `deadlineMs must be a whole number of milliseconds from 1 to ${MAX_DEADLINE_MS}, not ${deadlineMs}`,
    );
  const { sql, params } = "sql" in query ? { sql: query.sql, params: query.params ?? [] } : compile(query);
  const started = performance.now();
  const results = await Promise.all(shards.map((shard) => askOne<R>(shard, sql, params, started, deadlineMs)));
  return {
    results,
    rows: results.flatMap((result) => (result.status === "answered" ? result.rows : [])),
    missed: results.filter((result) => result.status === "missed").map((result) => result.shard),
    complete: results.every((result) => result.status === "answered"),
  };
}

/** The query on one shard, with what is left of the deadline as its statement_timeout. */
async function askOne<R>(
  shard: Shard,
  sql: string,
  params: readonly SqlValue[],
  started: number,
  deadlineMs: number,
): Promise<ShardResult<R>> {
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const rows = await shard.transaction(async (session) => {
      // Borrowing a session and BEGIN took some of the time: the statement gets the rest.
      const left = Math.floor(deadlineMs - (performance.now() - started));
      if (left < 1) return undefined;
      await session.query(`SET LOCAL statement_timeout = ${left}`);
      return (await session.query(sql, params)).rows as R[];
    });
    if (rows === undefined) return { shard: shard.name, status: "missed", ms: elapsed() };
    return { shard: shard.name, status: "answered", rows, ms: elapsed() };
  } catch (error) {
    // 57014: cancelled by statement_timeout (or by an operator's pg_cancel_backend).
    if (error instanceof QueryCanceled) return { shard: shard.name, status: "missed", ms: elapsed() };
    return { shard: shard.name, status: "failed", error, ms: elapsed() };
  }
}
