// The options of an availability service, checked before it answers anything: a TTL of zero or
// NaN would make Redis refuse every write-back, and a missing filter would answer every name
// "available".
import type { Redis } from "ioredis";
import type { ShardSet } from "../shards/shard-set.ts";
import { DEFAULT_KEY_PREFIX } from "./cache-keys.ts";
import { MAX_NEAR_CACHE_SIZE } from "./near-cache.ts";
import { DEFAULT_FREE_TTL_MS, DEFAULT_JITTER, DEFAULT_TAKEN_TTL_MS, MAX_JITTER, MAX_TTL_MS } from "./ttl.ts";

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
  if (typeof options !== "object" || options === null)
    throw new TypeError("options must be an object with shards, redis and bloom");
  const { shards, redis, bloom } = options;
  if (typeof shards?.existsMany !== "function" || typeof shards.claim !== "function")
    throw new TypeError("options.shards must be a ShardSet (chapter 24)");
  if (typeof redis?.mget !== "function") throw new TypeError("options.redis must be an ioredis client");
  if (typeof bloom?.has !== "function" || typeof bloom.add !== "function")
    throw new TypeError("options.bloom must be a filter of taken names with has() and add() (chapter 22)");
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  if (typeof keyPrefix !== "string") throw new TypeError("options.keyPrefix must be a string");
  const takenTtlMs = checkTtl(options.takenTtlMs ?? DEFAULT_TAKEN_TTL_MS, "takenTtlMs");
  const freeTtlMs = checkTtl(options.freeTtlMs ?? DEFAULT_FREE_TTL_MS, "freeTtlMs");
  // A "free" kept longer than a "taken" is the wrong way round: the stale answer would be the long one.
  if (freeTtlMs > takenTtlMs)
    throw new RangeError(`options.freeTtlMs (${freeTtlMs}) must not be longer than options.takenTtlMs (${takenTtlMs})`);
  const jitter = options.jitter ?? DEFAULT_JITTER;
  if (typeof jitter !== "number" || !(jitter >= 0 && jitter <= MAX_JITTER))
    throw new RangeError(`options.jitter must be a fraction from 0 to ${MAX_JITTER}, not ${jitter}`);
  const nearCacheSize = options.nearCacheSize ?? 0;
  if (!Number.isInteger(nearCacheSize) || nearCacheSize < 0 || nearCacheSize > MAX_NEAR_CACHE_SIZE)
    throw new RangeError(
      `options.nearCacheSize must be a whole number of names from 0 to ${MAX_NEAR_CACHE_SIZE}, not ${nearCacheSize}`,
    );
  return { shards, redis, bloom, keyPrefix, takenTtlMs, freeTtlMs, jitter, nearCacheSize };
}

function checkTtl(ttl: unknown, name: string): number {
  if (!Number.isInteger(ttl) || (ttl as number) < 1 || (ttl as number) > MAX_TTL_MS)
    throw new RangeError(`options.${name} must be a whole number of milliseconds from 1 to ${MAX_TTL_MS}, not ${ttl}`);
  return ttl as number;
}
