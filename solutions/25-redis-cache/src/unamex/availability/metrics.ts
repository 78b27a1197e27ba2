// Counters of the availability path, and the snapshot a dashboard reads. Where each answer came
// from says what the layers are worth: a Bloom filter that answers 40% of checks saves 40% of
// Redis round trips; a cache hit ratio of 0.95 means one check in twenty reaches Postgres.

/** What answered a check: the username policy (a refused name), the Bloom filter, the cache, or a shard. */
export type Source = "policy" | "bloom" | "cache" | "db";

export interface MetricsSnapshot {
  /** Names checked, by check() and checkMany() together. */
  checks: number;
  /** Answers by source. */
  answered: Record<Source, number>;
  cache: {
    /** Names the cache answered. */
    hits: number;
    /** Names the Bloom filter let through that the cache did not hold: each one went to the shards. */
    misses: number;
    /** hits / (hits + misses); 0 before the first lookup. */
    hitRatio: number;
  };
  db: {
    /** existsMany() calls on the shard set: one statement per shard it touches. */
    queries: number;
    /** Names those calls asked about. */
    names: number;
  };
  singleFlight: {
    /** Misses that waited for a lookup already under way instead of starting one. */
    joins: number;
  };
}

export class Metrics {
  #checks = 0;
  readonly #answered: Record<Source, number> = { policy: 0, bloom: 0, cache: 0, db: 0 };
  #misses = 0;
  #queries = 0;
  #names = 0;

  /** `count` names answered by `source`. */
  answered(source: Source, count = 1): void {
    this.#checks += count;
    this.#answered[source] += count;
  }

  /** `count` names the filter let through that the cache did not hold. */
  missed(count = 1): void {
    this.#misses += count;
  }

  /** One existsMany() of `names` names. */
  queried(names: number): void {
    this.#queries++;
    this.#names += names;
  }

  snapshot(joins: number): MetricsSnapshot {
    const hits = this.#answered.cache;
    const lookups = hits + this.#misses;
    return {
      checks: this.#checks,
      answered: { ...this.#answered },
      cache: { hits, misses: this.#misses, hitRatio: lookups === 0 ? 0 : hits / lookups },
      db: { queries: this.#queries, names: this.#names },
      singleFlight: { joins },
    };
  }
}
