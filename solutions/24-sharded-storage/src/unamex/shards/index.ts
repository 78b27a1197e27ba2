export {
  type BulkLoadOptions,
  DEFAULT_BATCH_SIZE,
  type LoadProgress,
  type LoadSummary,
  MAX_BATCH_SIZE,
} from "./bulk-load.ts";
export { canonical } from "./canonical.ts";
export { checkPicker, checkUrls } from "./config.ts";
export { NameRefusedError, NameTakenError } from "./errors.ts";
export { DEFAULT_RESHARD_BATCH, MAX_RESHARD_BATCH, type ReshardOptions, type ReshardReport } from "./reshard.ts";
export { MAX_DEADLINE_MS, type Scattered, type ScatterOptions, type ShardQuery, type ShardResult } from "./scatter.ts";
export { DEFAULT_CONNECTIONS_PER_SHARD, Shard } from "./shard.ts";
export { ShardSet, type ShardSetOptions, shardName, type TakenName } from "./shard-set.ts";
export { USERNAMES, USERNAMES_TABLE_SQL, Username } from "./username.ts";
