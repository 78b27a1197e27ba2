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
  const batchSize = options.batchSize ?? DEFAULT_RESHARD_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_RESHARD_BATCH)
    throw new RangeError(`batchSize must be a whole number from 1 to ${MAX_RESHARD_BATCH}, not ${batchSize}`);
  const byName = new Map(shards.map((shard) => [shard.name, shard]));
  const report: ReshardReport = { scanned: 0, moved: 0, movedFrom: {}, movedTo: {} };
  for (const shard of shards) report.movedFrom[shard.name] = report.movedTo[shard.name] = 0;
  await Promise.all(shards.map((source) => drain(source, to, byName, batchSize, report)));
  return report;
}

/** Moves every key of `source` that `to` places elsewhere. */
async function drain(
  source: Shard,
  to: ShardPicker,
  byName: ReadonlyMap<string, Shard>,
  batchSize: number,
  report: ReshardReport,
): Promise<void> {
  let after = "";
  for (;;) {
    // No canonical name is empty, so "" is before the first.
    const { rows } = await source.query<Moving & Record<string, unknown>>(
      "SELECT name, typed, created_at FROM usernames WHERE name > $1 ORDER BY name LIMIT $2",
      [after, batchSize],
    );
    if (rows.length === 0) return;
    report.scanned += rows.length;
    after = rows[rows.length - 1]!.name;
    const leaving = new Map<string, Moving[]>();
    for (const row of rows) {
      const owner = to.pick(row.name);
      if (owner === source.name) continue;
      const group = leaving.get(owner);
      if (group) group.push(row);
      else leaving.set(owner, [row]);
    }
    for (const [owner, group] of leaving) {
      await copyTo(byName.get(owner)!, group);
      const deleted = await source.transaction(
        async (session) =>
          (await session.query("DELETE FROM usernames WHERE name = ANY($1::text[])", [group.map((row) => row.name)]))
            .rowCount,
      );
      report.moved += deleted;
      report.movedFrom[source.name]! += deleted;
      report.movedTo[owner]! += deleted;
    }
  }
}

/** The rows onto `destination`, in one transaction; a row it already holds (a run that crashed after copying) is left as it is. */
function copyTo(destination: Shard, rows: readonly Moving[]): Promise<unknown> {
  return destination.transaction((session) =>
    session.query(
      `INSERT INTO usernames (name, typed, created_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
         ON CONFLICT (name) DO NOTHING`,
      [rows.map((row) => row.name), rows.map((row) => row.typed), rows.map((row) => row.created_at)],
    ),
  );
}
