// The options of an availability service, checked before it answers anything: a TTL of zero or
// NaN would make Redis refuse every write-back, and a missing filter would answer every name
// "available".
import type { Redis } from "ioredis";
import type { ShardSet } from "../shards/shard-set.ts";
import { DEFAULT_KEY_PREFIX } from "./cache-keys.ts";
import { DEFAULT_FREE_TTL_MS, DEFAULT_JITTER, DEFAULT_TAKEN_TTL_MS } from "./ttl.ts";

/** The filter of taken names: chapter 22's BloomFilter (in process) or RedisBloom (shared) both fit. */
export interface NameFilter {
  has(key: string): boolean | Promise<boolean>;
  add(key: string): boolean | Promise<boolean>;
}

export interface AvailabilityOptions {
  /** Where taken names live (chapter 24). */
  shards: ShardSet;
  /** The cache's Redis client. */
  redis: Redis;
  /** The filter of every taken name: a name it has never seen is available without asking anyone. */
  bloom: NameFilter;
  /** Put before every cache key (default DEFAULT_KEY_PREFIX). */
  keyPrefix?: string;
  /** How long a "taken" answer is cached (default DEFAULT_TAKEN_TTL_MS). */
  takenTtlMs?: number;
  /** How long a "free" answer is cached (default DEFAULT_FREE_TTL_MS). */
  freeTtlMs?: number;
  /** The largest fraction taken off a TTL at random, 0 to MAX_JITTER (default DEFAULT_JITTER). */
  jitter?: number;
  /**
   * How many taken names this process keeps in memory (near-cache.ts), from 0 (default: none) to
   * MAX_NEAR_CACHE_SIZE. Safe only while names are never released, as here.
   */
  nearCacheSize?: number;
}

export type CheckedOptions = Required<AvailabilityOptions>;

export function checkOptions(options: AvailabilityOptions): CheckedOptions {
  // TODO(25): a TypeError naming options.shards, options.redis or options.bloom when one is not
  // what it must be; keyPrefix a string; takenTtlMs and freeTtlMs whole numbers of milliseconds
  // from 1 to MAX_TTL_MS (a RangeError naming options.<name>); freeTtlMs not above takenTtlMs;
  // jitter from 0 to MAX_JITTER; nearCacheSize a whole number from 0 to MAX_NEAR_CACHE_SIZE
  // (near-cache.ts). For now: the defaults filled in, nothing checked.
  return {
    keyPrefix: DEFAULT_KEY_PREFIX,
    takenTtlMs: DEFAULT_TAKEN_TTL_MS,
    freeTtlMs: DEFAULT_FREE_TTL_MS,
    jitter: DEFAULT_JITTER,
    nearCacheSize: 0,
    ...options,
  };
}
