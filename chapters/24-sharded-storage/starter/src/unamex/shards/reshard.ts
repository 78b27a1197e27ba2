// Resharding: from one picker to another (4 shards to 5), moving only the keys whose owner
// changes — with chapter 23's ring, the fifth shard's share and nothing else.
//
//   for each shard, all at once, its keys in key order, BATCH at a time:
//     keys whose owner under `to` is another shard ─► grouped by that owner
//       on the owner:  BEGIN; INSERT … ON CONFLICT (name) DO NOTHING; COMMIT     copy
//       here:          BEGIN; DELETE … WHERE name = ANY($1); COMMIT              then delete
//
// Copy, then delete: between the two a key is on both shards, never on neither. A crash there
// leaves the copy behind; the next run finds the key again where it was, copies it onto itself
// (ON CONFLICT DO NOTHING) and deletes it, so reshard() can simply be run again until it
// reports nothing moved. The key order (keyset pagination on the primary key) lets each batch
// start where the last ended, however many rows the deletes have removed behind it.
//
// Lookups follow the picker the set had before until reshard() returns: a name moved meanwhile
// is on its new shard only. The Going further section of this chapter's lesson shows the reads
// a live migration needs instead.
import type { ShardPicker } from "../hashing/shard-picker.ts";
import type { Shard } from "./shard.ts";

/** Keys read from a shard per batch: one copy and one delete per destination per batch. */
export const DEFAULT_RESHARD_BATCH = 5_000;
export const MAX_RESHARD_BATCH = 100_000;

export interface ReshardOptions {
  /** Keys read per batch (default DEFAULT_RESHARD_BATCH). */
  batchSize?: number;
}

export interface ReshardReport {
  /** Keys read, on every shard. */
  scanned: number;
  /** Keys moved to another shard. */
  moved: number;
  /** Keys moved, by the shard they left (every shard listed). */
  movedFrom: Record<string, number>;
  /** Keys moved, by the shard they reached (every shard listed). */
  movedTo: Record<string, number>;
}

interface Moving {
  name: string;
  typed: string;
  created_at: Date;
}

export async function reshard(
  shards: readonly Shard[],
  to: ShardPicker,
  options: ReshardOptions,
): Promise<ReshardReport> {
  // TODO(24): check batchSize (1 to MAX_RESHARD_BATCH, else a RangeError naming batchSize); a
  // report with every shard at 0 in movedFrom and movedTo; then every shard drained at once.
  throw new Error(
    `TODO(24): reshard() is not implemented (${shards.length} shards, to ${to.nodes.join(", ")}, ${JSON.stringify(options)})`,
  );
}

/** Moves every key of `source` that `to` places elsewhere. */
async function drain(
  source: Shard,
  to: ShardPicker,
  byName: ReadonlyMap<string, Shard>,
  batchSize: number,
  report: ReshardReport,
): Promise<void> {
  // TODO(24): batches of keys in key order (WHERE name > the last one ORDER BY name LIMIT
  // batchSize); the rows whose owner under `to` is another shard, grouped by that owner; for each
  // group, copyTo() the owner, then DELETE them here in a transaction, and count what the DELETE
  // removed as moved (movedFrom this shard, movedTo the owner).
  throw new Error(
    `TODO(24): drain() is not implemented (${source.name}, ${to.nodes.length} nodes, ${byName.size} shards, ${batchSize}, ${report.moved})`,
  );
}

/** The rows onto `destination`, in one transaction; a row it already holds (a run that crashed after copying) is left as it is. */
function copyTo(destination: Shard, rows: readonly Moving[]): Promise<unknown> {
  // TODO(24): INSERT INTO usernames (name, typed, created_at) SELECT * FROM unnest($1::text[],
  // $2::text[], $3::timestamptz[]) ON CONFLICT (name) DO NOTHING, in destination.transaction().
  throw new Error(`TODO(24): copyTo() is not implemented (${destination.name}, ${rows.length} rows)`);
}
