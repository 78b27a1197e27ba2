// unamex: a username service for a million names, built chapter by chapter. Chapter 21: the
// username policy (NFKC, case folding, an allow-list, confusable skeletons, separators and
// reserved names) and a seeded generator of realistic names to build the rest on (normalize/,
// generate/).
export * from "./generate/index.ts";
export * from "./normalize/index.ts";
