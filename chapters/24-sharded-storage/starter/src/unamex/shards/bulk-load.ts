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
  // TODO(24): check batchSize (1 to MAX_BATCH_SIZE, else a RangeError naming batchSize). Read the
  // names (for await); count what the policy refuses; put each COPY line (copyLine([key, typed]))
  // in its shard's part of the batch. Every batchSize names, and at the end: writeBatch() every
  // part at once, wait for all of them (allSettled), throw the first failure, then onProgress.
  throw new Error(
    `TODO(24): bulkLoad() is not implemented (${shards.length} shards, ${picker.nodes.length} nodes, ${typeof names})`,
  );
}

/** One shard's part of a batch, in one transaction: copied, then inserted where not taken. */
async function writeBatch(shard: Shard, lines: readonly string[], progress: LoadProgress): Promise<void> {
  // TODO(24): in shard.transaction(): CREATE TEMP TABLE usernames_load (name text, typed text)
  // ON COMMIT DROP; COPY usernames_load (name, typed) FROM STDIN with copyData([the lines]);
  // INSERT INTO usernames (name, typed) SELECT … ON CONFLICT (name) DO NOTHING. Its rowCount is
  // what was loaded; the rest of the lines were skipped.
  throw new Error(
    `TODO(24): writeBatch() is not implemented (${shard.name}, ${lines.length} lines, ${progress.read} read)`,
  );
}
