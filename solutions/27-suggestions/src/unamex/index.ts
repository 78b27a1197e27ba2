// unamex: a username service for a million names, built chapter by chapter. Chapter 21: the
// username policy (NFKC, case folding, an allow-list, confusable skeletons, separators and
// reserved names) and a seeded generator of realistic names to build the rest on (normalize/,
// generate/). Chapter 22: a Bloom filter of the names, in process and in Redis (bloom/).
// Chapter 23: a 64-bit key hash and three ways to place keys on nodes that move few of them when
// the nodes change, a hash ring, jump hash and rendezvous hashing (hashing/). Chapter 24: taken
// names on several Postgres shards, placed by a picker, bulk-loaded, gathered and resharded (shards/).
// Chapter 25: is a name free? The Bloom filter, then a Redis cache with TTLs that claims keep
// true, then the shards, one query per key however many ask at once (availability/).
// Chapter 26: prefix search over the names in three engines that give the same pages, a Redis
// sorted set, a packed index in process and a Postgres range scan (prefix/).
// Chapter 27: suggestions for a taken name, from heuristics, phonetic codes and trigram
// similarity, ranked, and only the free ones, checked in batches through the availability path (suggest/).
export * from "./availability/index.ts";
export * from "./bloom/index.ts";
export * from "./generate/index.ts";
export * from "./hashing/index.ts";
export * from "./normalize/index.ts";
export * from "./prefix/index.ts";
export * from "./shards/index.ts";
export * from "./suggest/index.ts";
