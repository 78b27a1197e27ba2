// The seed of `pnpm unamex seed`, timed step by step on servers of the benchmark's own (fresh
// databases, a Redis database of its own), and the availability path measured on what it loaded:
//
//   seed          each step's rows, seconds and rows/s; the bar: generate + normalize + load into
//                 4 shards + build Bloom < 60 s
//   availability  check() in process, warm (the filter in memory, the cache filled by a first
//                 pass): p50/p95/p99 over taken names and over free ones (bar: p99 < 1 ms), and
//                 not one "available" for a taken name or any variant of one (case, fullwidth,
//                 a zero-width space inserted, a Cyrillic look-alike)
import { readFileSync } from "node:fs";
import { normalizeUsername, RedisBloom, ShardSet } from "@trilogy/unamex";
import { Redis } from "ioredis";
import { seededRandom } from "../../../shared/check/random.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { dropDatabase } from "../../../shared/services/postgres-databases.ts";
import { barSeconds, namesFile, openAvailability, type SeedResult, seed, shardDatabase } from "../../unamex/seed.ts";
import { quantile } from "../stats.ts";

const DEPLOYMENT = "unamex_bench";
const SHARDS = 4;
const SEED = 21;
/** Checks timed per kind (taken, free), after a first pass over the same names that fills the cache. */
const QUERIES = 3_000;
/** Taken names whose variants are checked for a wrong "available". */
const VARIANT_NAMES = 3_000;
/** The bar of the availability path: a warm check in process. */
export const CHECK_P99_BAR_MS = 1;

export interface SeededBench {
  result: SeedResult;
  barSeconds: number;
  /** Drops the databases and the Redis keys. */
  cleanUp(): Promise<void>;
}

export async function benchSeed(count: number, say: (line: string) => void): Promise<SeededBench> {
  const pg = await postgres();
  const rd = await redis();
  const ns = await rd.isolate();
  say(`seeding ${count.toLocaleString("en-US")} names on ${SHARDS} shards (seed ${SEED})`);
  const result = await seed({
    count,
    shards: SHARDS,
    seed: SEED,
    deployment: DEPLOYMENT,
    postgresUrl: pg.url,
    redisUrl: ns.url,
    progress: process.stderr,
    say,
  });
  return {
    result,
    barSeconds: barSeconds(result.steps),
    cleanUp: async () => {
      for (let index = 0; index < SHARDS; index++) await dropDatabase(pg.url, shardDatabase(DEPLOYMENT, index));
      const client = new Redis(ns.url);
      await client.flushdb();
      client.disconnect();
    },
  };
}

export interface LatencyRow {
  kind: string;
  checks: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** What answered, counted over the timed checks. */
  sources: Record<string, number>;
}

export interface AvailabilityReport {
  names: number;
  latency: LatencyRow[];
  /** Taken names and variants of them that were checked, and how many came back "available" (must be 0). */
  takenChecked: number;
  variantsChecked: number;
  falseAvailable: string[];
}

export async function benchAvailability(seeded: SeedResult, say: (line: string) => void): Promise<AvailabilityReport> {
  const { state } = seeded;
  const random = seededRandom(SEED);
  const typed = readFileSync(namesFile(state.deployment), "utf8")
    .split("\n")
    .filter((line) => line !== "");
  const pick = (n: number) => Array.from({ length: n }, () => typed[Math.floor(random() * typed.length)]!);
  const taken = pick(QUERIES);
  // A taken name's start and letters no generated pattern makes ("qz"): names nobody loaded, that
  // the policy accepts (at most 30 code points, no separator at the end), so the filter answers.
  const free = pick(QUERIES).map(
    (name, index) =>
      `${[...name]
        .slice(0, 20)
        .join("")
        .replace(/[._]+$/, "")}qz${index.toString(36)}`,
  );

  const client = new Redis(state.redisUrl);
  const shards = new ShardSet(state.shardUrls);
  try {
    const shared = await RedisBloom.open(client, state.bloom.key, state.bloom.capacity, state.bloom.errorRate);
    const bloom = await shared.toFilter();
    const availability = openAvailability(state.keyPrefix, shards, client, bloom);
    say(`warming: a first check of ${(2 * QUERIES).toLocaleString("en-US")} names fills the cache`);
    for (const name of [...taken, ...free]) await availability.check(name);
    const timed = async (kind: string, names: readonly string[]): Promise<LatencyRow> => {
      const times = new Float64Array(names.length);
      const sources: Record<string, number> = {};
      for (const [index, name] of names.entries()) {
        const start = performance.now();
        const answer = await availability.check(name);
        times[index] = performance.now() - start;
        sources[answer.source] = (sources[answer.source] ?? 0) + 1;
      }
      times.sort();
      return {
        kind,
        checks: names.length,
        p50Ms: quantile(times, 0.5),
        p95Ms: quantile(times, 0.95),
        p99Ms: quantile(times, 0.99),
        sources,
      };
    };
    say(`timing ${QUERIES.toLocaleString("en-US")} warm checks of taken names, then of free ones`);
    const latency = [await timed("taken", taken), await timed("free", free)];

    say(
      `checking every taken name timed and ${VARIANT_NAMES.toLocaleString("en-US")} names' variants for a wrong "available"`,
    );
    const falseAvailable: string[] = [];
    const answers = await availability.checkMany(taken);
    for (const answer of answers) if (answer.available) falseAvailable.push(answer.name);
    const variants = pick(VARIANT_NAMES).flatMap(variantsOf);
    for (let at = 0; at < variants.length; at += 1_000)
      for (const answer of await availability.checkMany(variants.slice(at, at + 1_000)))
        if (answer.available) falseAvailable.push(answer.name);
    return {
      names: state.names,
      latency,
      takenChecked: taken.length,
      variantsChecked: variants.length,
      falseAvailable,
    };
  } finally {
    client.disconnect();
    await shards.close();
  }
}

/** Ways to type a taken name that the policy must map back to it, or refuse. */
function variantsOf(name: string): string[] {
  const canonical = normalizeUsername(name);
  if (!canonical.ok) return [];
  const fullwidth = [...name]
    .map((c) => (c >= "!" && c <= "~" ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c))
    .join("");
  const variants = [name.toUpperCase(), fullwidth, `${name.slice(0, 1)}\u200b${name.slice(1)}`];
  // Cyrillic а (U+0430) for Latin a: the look-alike that phishing uses.
  if (name.includes("a")) variants.push(name.replace("a", "\u0430"));
  return variants;
}

export function availabilityTable(report: AvailabilityReport): string {
  const ms = (n: number) => n.toFixed(3).padStart(8);
  const lines = [
    `names    checks   p50 ms    p95 ms    p99 ms   answered by   (warm, in process; bar: p99 < ${CHECK_P99_BAR_MS} ms)`,
    ...report.latency.map(
      (r) =>
        `${r.kind.padEnd(6)} ${String(r.checks).padStart(7)} ${ms(r.p50Ms)}  ${ms(r.p95Ms)}  ${ms(r.p99Ms)}   ${Object.entries(
          r.sources,
        )
          .map(([source, n]) => `${source} ${n}`)
          .join(", ")}`,
    ),
    "",
    `wrong "available": ${report.falseAvailable.length} over ${report.takenChecked.toLocaleString("en-US")} taken names and ${report.variantsChecked.toLocaleString("en-US")} variants of taken names (case, fullwidth, zero-width space, Cyrillic а)`,
  ];
  return lines.join("\n");
}
