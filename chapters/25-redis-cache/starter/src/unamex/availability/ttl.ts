// How long each answer may be served from the cache.
//
// "taken" is close to permanent: a name is released rarely (an account deleted), so it can be
// kept for a day. "free" is the answer that goes stale: the next sign-up may take the name a
// second later. It is kept briefly so that the invalidation a claim does is not the only thing
// between a reader and a wrong "available" — if that invalidation is lost (Redis unreachable for a
// moment, a process killed between its INSERT and its SET), the entry still dies within a minute.
//
// Jitter: names cached in one burst (a warm-up, a popular page) would all expire in the same
// millisecond and send one burst of misses to the shards. Each TTL is shortened by a random part
// of up to `jitter` of itself; it is never lengthened, so the configured TTL stays the bound on
// how stale an answer can be.

/** A day: how long a "taken" answer is kept. */
export const DEFAULT_TAKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** A minute: how long a "free" answer is kept (the bound on a lost invalidation). */
export const DEFAULT_FREE_TTL_MS = 60 * 1000;
/** Up to 10% taken off each TTL, at random. */
export const DEFAULT_JITTER = 0.1;
/** More than half would make the shortest TTLs meaningless. */
export const MAX_JITTER = 0.5;
/** A TTL above 30 days is a cache that never forgets; PX takes milliseconds as a 64-bit integer, the limit is ours. */
export const MAX_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** `ttlMs` shortened by a random fraction in [0, jitter): between ttlMs·(1 − jitter) and ttlMs, at least 1 ms. */
export function jittered(ttlMs: number, jitter: number, random: () => number = Math.random): number {
  // TODO(25): ttlMs less a random fraction (random() · jitter) of itself, rounded to a whole
  // number of milliseconds, at least 1.
  throw new Error(`TODO(25): jittered() is not implemented (${ttlMs} ms, jitter ${jitter}, ${typeof random})`);
}
