// What the cache holds: one Redis string per canonical name that someone asked about, whose
// value is the shards' answer at the time it was written.
//
//   <prefix>ada.lovelace  = "taken"   PX ~24 h     the name is someone's; it stays theirs
//   <prefix>zq.turing.77  = "free"    PX ~60 s     nobody had it when we looked
//
// The key is the canonical name (chapter 21), never what was typed: "ADA.Lovelace" and
// "ａｄａ.lovelace" must find the same entry, or a variant would miss the "taken" of the other.

/** The two answers the cache stores. */
export type CacheValue = "taken" | "free";

/** The prefix of every cache key unless the caller gives another (one per deployment, or per test). */
export const DEFAULT_KEY_PREFIX = "unamex:avail:";

/** The Redis key of a canonical name. */
export function cacheKey(prefix: string, name: string): string {
  return `${prefix}${name}`;
}

/** A cached value read back: "taken", "free", or undefined for a miss (absent, or something this code never writes). */
export function readCacheValue(value: string | null | undefined): CacheValue | undefined {
  return value === "taken" || value === "free" ? value : undefined;
}
