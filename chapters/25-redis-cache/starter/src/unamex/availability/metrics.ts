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
  // TODO(25): the counters snapshot() needs.

  /** `count` names answered by `source`. */
  answered(source: Source, count = 1): void {
    // TODO(25): count the checks, and the answers of this source.
    void source;
    void count;
  }

  /** `count` names the filter let through that the cache did not hold. */
  missed(count = 1): void {
    // TODO(25): count the cache misses.
    void count;
  }

  /** One existsMany() of `names` names. */
  queried(names: number): void {
    // TODO(25): count the query and its names.
    void names;
  }

  snapshot(joins: number): MetricsSnapshot {
    // TODO(25): the counters as a MetricsSnapshot; hitRatio = hits / (hits + misses), 0 before any lookup.
    throw new Error(`TODO(25): Metrics.snapshot() is not implemented (${joins} joins)`);
  }
}
