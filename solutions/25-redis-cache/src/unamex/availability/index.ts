export { Availability, type CheckResult, MAX_CHECK_MANY } from "./availability.ts";
export { type CacheValue, cacheKey, DEFAULT_KEY_PREFIX, readCacheValue } from "./cache-keys.ts";
export { Metrics, type MetricsSnapshot, type Source } from "./metrics.ts";
export { MAX_NEAR_CACHE_SIZE, NearCache } from "./near-cache.ts";
export { type AvailabilityOptions, checkOptions, type NameFilter } from "./options.ts";
export { SingleFlight } from "./single-flight.ts";
export {
  DEFAULT_FREE_TTL_MS,
  DEFAULT_JITTER,
  DEFAULT_TAKEN_TTL_MS,
  jittered,
  MAX_JITTER,
  MAX_TTL_MS,
} from "./ttl.ts";
