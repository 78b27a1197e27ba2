// Chapter 27's suggestions on the seed's data: `suggest()` timed end to end — the three sources,
// the ranking, and the batches asked of the availability path (the Bloom filter in process, one
// MGET, the shards for what the cache does not hold) — warm, one name at a time, over taken names
// picked from the seed. The bar: p95 < 20 ms. Every suggestion is then asked of the shards
// themselves: one that is taken is a wrong suggestion, and fails the bench.
import { readFileSync } from "node:fs";
import { normalizeUsername, RedisBloom, ShardSet, Suggester } from "@trilogy/unamex";
import { Redis } from "ioredis";
import { seededRandom } from "../../../shared/check/random.ts";
import { LEXICON_NAMES, namesFile, openAvailability, type SeedResult } from "../../unamex/seed.ts";
import { quantile } from "../stats.ts";

/** Names suggested for, timed, after a first pass over the same names that fills the cache. */
const QUERIES = 1_000;
/** A page of suggestions, as a sign-up form shows it. */
const LIMIT = 10;
/** The year the candidates carry, so that two runs compare. */
const YEAR = 2026;
const SEED = 27;
/** The bar of the suggestion path. */
export const SUGGEST_P95_BAR_MS = 20;

export interface SuggestReport {
  lexicon: number;
  indexSeconds: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Suggestions returned on the timed pass, and how many of those the shards hold (must be 0). */
  suggestions: number;
  wrong: string[];
}

export async function benchSuggest(seeded: SeedResult, say: (line: string) => void): Promise<SuggestReport> {
  const { state } = seeded;
  const typed = readFileSync(namesFile(state.deployment), "utf8")
    .split("\n")
    .filter((line) => line !== "");
  const random = seededRandom(SEED);
  const wanted = Array.from({ length: QUERIES }, () => typed[Math.floor(random() * typed.length)]!);
  const client = new Redis(state.redisUrl);
  const shards = new ShardSet(state.shardUrls);
  try {
    const shared = await RedisBloom.open(client, state.bloom.key, state.bloom.capacity, state.bloom.errorRate);
    const bloom = await shared.toFilter();
    const availability = openAvailability(state.keyPrefix, shards, client, bloom);
    // The lexicon `pnpm unamex suggest` builds (readLexicon): the first LEXICON_NAMES of the file.
    const lexicon = typed.slice(0, LEXICON_NAMES);
    say(`indexing ${lexicon.length.toLocaleString("en-US")} names by phonetic codes and trigrams`);
    const started = performance.now();
    const suggester = new Suggester({ availability, lexicon, year: YEAR });
    const indexSeconds = (performance.now() - started) / 1_000;
    say(`warming: suggestions for ${QUERIES.toLocaleString("en-US")} taken names fill the cache; then timing them`);
    for (const name of wanted) await suggester.suggest(name, { limit: LIMIT });
    const times = new Float64Array(QUERIES);
    const suggested = new Set<string>();
    for (const [index, name] of wanted.entries()) {
      const start = performance.now();
      const page = await suggester.suggest(name, { limit: LIMIT });
      times[index] = performance.now() - start;
      for (const s of page) suggested.add(s.name);
    }
    times.sort();
    const names = [...suggested].filter((name) => normalizeUsername(name).ok);
    const taken = await shards.existsMany(names);
    return {
      lexicon: lexicon.length,
      indexSeconds,
      queries: QUERIES,
      p50Ms: quantile(times, 0.5),
      p95Ms: quantile(times, 0.95),
      p99Ms: quantile(times, 0.99),
      suggestions: suggested.size,
      wrong: names.filter((_, i) => taken[i]),
    };
  } finally {
    client.disconnect();
    await shards.close();
  }
}

export function suggestTable(report: SuggestReport): string {
  const ms = (n: number) => n.toFixed(3).padStart(8);
  return [
    `lexicon ${report.lexicon.toLocaleString("en-US")} names, indexed in ${report.indexSeconds.toFixed(1)} s`,
    `suggest   queries   p50 ms    p95 ms    p99 ms   (warm, ${LIMIT} a page; bar: p95 < ${SUGGEST_P95_BAR_MS} ms)`,
    `          ${String(report.queries).padStart(7)} ${ms(report.p50Ms)}  ${ms(report.p95Ms)}  ${ms(report.p99Ms)}`,
    "",
    `taken suggestions: ${report.wrong.length} of ${report.suggestions.toLocaleString("en-US")} distinct names suggested, asked of the shards`,
  ].join("\n");
}
