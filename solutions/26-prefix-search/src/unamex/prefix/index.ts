export { type CheckedSearch, checkSearch } from "./arguments.ts";
export { decodeCursor, encodeCursor, pageOf } from "./cursor.ts";
export {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_PREFIX_LENGTH,
  type Page,
  type PrefixEngine,
  type SearchOptions,
} from "./engine.ts";
export { NaiveTrie } from "./naive-trie.ts";
export { compareBytes, PackedPrefixIndex } from "./packed-index.ts";
export { INSERT_BATCH, PostgresPrefix, PREFIX_TABLE, type Query } from "./postgres-prefix.ts";
export { RedisPrefix, ZADD_BATCH } from "./redis-prefix.ts";
export { MAX_CODE_POINT, prefixSuccessor } from "./successor.ts";
