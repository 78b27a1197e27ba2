// unamex: a username service for a million names, built chapter by chapter. Chapter 21: the
// username policy (NFKC, case folding, an allow-list, confusable skeletons, separators and
// reserved names) and a seeded generator of realistic names to build the rest on (normalize/,
// generate/). Chapter 22: a Bloom filter of the names, in process and in Redis (bloom/).
export * from "./bloom/index.ts";
export * from "./generate/index.ts";
export * from "./normalize/index.ts";
