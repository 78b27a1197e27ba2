// Loading many names at once: COPY, the server's own bulk loader, once per shard per batch.
//
//   names ─► policy ─► picker ─► shard-0 rows ┐
//                            ─► shard-1 rows ├─ every BATCH names: on each shard, in parallel,
//                            ─► …            ┘   one transaction:
//        BEGIN
//        CREATE TEMP TABLE usernames_load (…) ON COMMIT DROP
//        COPY usernames_load (name, typed) FROM STDIN          the batch, as COPY text
//        INSERT INTO usernames SELECT … ON CONFLICT (name) DO NOTHING
//        COMMIT                                                 onProgress(…)
//
// A batch is all or nothing on its shard: a load killed halfway leaves the batches it committed
// and not one row of the one it was writing. The copy lands in a temporary table first so that
// a name already there — loaded by the run that was killed, or claimed since — is skipped instead
// of failing the COPY: running the same load again finishes it. (Shards are separate databases,
// so one batch's parts commit shard by shard; each part is whole.)
import { copyData, copyLine } from "@trilogy/tinyorm";
import type { ShardPicker } from "../hashing/shard-picker.ts";
import { normalizeUsername } from "../normalize/policy.ts";
import type { Shard } from "./shard.ts";

/** Names read before each shard's part is written: about 5,000 rows per COPY on 4 shards. */
export const DEFAULT_BATCH_SIZE = 20_000;
/** A batch larger than this is held in memory for nothing: COPY's speed is reached long before. */
export const MAX_BATCH_SIZE = 1_000_000;

export interface LoadProgress {
  /** Names read from the source so far. */
  read: number;
  /** Rows written to the shards. */
  loaded: number;
  /** Names a shard already held (a duplicate, or a load run again). */
  skipped: number;
  /** Names the policy refused, not loaded. */
  refused: number;
  /** Rows written, per shard. */
  perShard: Record<string, number>;
}

export type LoadSummary = LoadProgress;

export interface BulkLoadOptions {
  /** Names per batch (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Called after each batch is committed on every shard. */
  onProgress?: (progress: LoadProgress) => void;
}

export async function bulkLoad(
  shards: readonly Shard[],
  picker: ShardPicker,
  names: Iterable<string> | AsyncIterable<string>,
  options: BulkLoadOptions,
): Promise<LoadSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE)
    throw new RangeError(`batchSize must be a whole number from 1 to ${MAX_BATCH_SIZE}, not ${batchSize}`);
  if (names === null || (typeof names !== "object" && typeof names !== "function"))
    throw new TypeError("names must be an iterable or async iterable of names");
  const byName = new Map(shards.map((shard) => [shard.name, shard]));
  const progress: LoadProgress = { read: 0, loaded: 0, skipped: 0, refused: 0, perShard: {} };
  for (const shard of shards) progress.perShard[shard.name] = 0;
  let batch = new Map<Shard, string[]>();
  let inBatch = 0;
  const flush = async () => {
    // Every shard's part settles before a failure is reported: the caller then sees the shards
    // as they stay, with no part of this batch still being written behind its back.
    const parts = await Promise.allSettled([...batch].map(([shard, lines]) => writeBatch(shard, lines, progress)));
    const failed = parts.find((part) => part.status === "rejected");
    if (failed) throw failed.reason;
    batch = new Map();
    inBatch = 0;
    options.onProgress?.({ ...progress, perShard: { ...progress.perShard } });
  };
  for await (const typed of names) {
    progress.read++;
    const verdict = normalizeUsername(typed);
    if (!verdict.ok) {
      progress.refused++;
      continue;
    }
    const shard = byName.get(picker.pick(verdict.name))!;
    const line = copyLine([verdict.name, typed]);
    const lines = batch.get(shard);
    if (lines) lines.push(line);
    else batch.set(shard, [line]);
    if (++inBatch >= batchSize) await flush();
  }
  if (inBatch > 0) await flush();
  return progress;
}

/** One shard's part of a batch, in one transaction: copied, then inserted where not taken. */
async function writeBatch(shard: Shard, lines: readonly string[], progress: LoadProgress): Promise<void> {
  const inserted = await shard.transaction(async (session) => {
    await session.query("CREATE TEMP TABLE usernames_load (name text, typed text) ON COMMIT DROP");
    await session.query("COPY usernames_load (name, typed) FROM STDIN", copyData([lines.join("")]));
    const { rowCount } = await session.query(
      "INSERT INTO usernames (name, typed) SELECT name, typed FROM usernames_load ON CONFLICT (name) DO NOTHING",
    );
    return rowCount;
  });
  progress.loaded += inserted;
  progress.skipped += lines.length - inserted;
  progress.perShard[shard.name] = (progress.perShard[shard.name] ?? 0) + inserted;
}
