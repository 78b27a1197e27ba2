// `pnpm unamex seed`: the whole data set of unamex, built from nothing by the reference's own
// parts, one timed step after another:
//
//   generate ─► normalize ─► dedup ─► partition ─► create shards ─► load shards ─► build Bloom ─► warm cache ─► index prefixes
//   ch. 21      ch. 21       ch. 21    ch. 23       ch. 24            ch. 24 COPY     ch. 22         ch. 25        ch. 26
//
// The generator writes the names to a file as people type them ("John.Smith"); the file is read
// back, each name made canonical by the policy, duplicates dropped (the generator already keeps
// one name per canonical form, so this finds none unless that promise breaks), each name placed
// on a shard by the hash ring, and the shards loaded through COPY. The load must put exactly the
// partition's count on every shard: the same ring placed them both. The Bloom filter is built in
// process and stored in Redis in one SET; a sample of names is checked once to fill the cache;
// the canonical names go into the Redis sorted set that `pnpm unamex prefix` searches.
//
// The same function serves `pnpm bench unamex --only seed`, on servers of its own.
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  Availability,
  BloomFilter,
  generateUsernames,
  HashRing,
  type NameFilter,
  normalizeUsername,
  type ProgressStream,
  progressBar,
  RedisBloom,
  RedisPrefix,
  ShardSet,
  shardName,
} from "@trilogy/unamex";
import { Redis } from "ioredis";
import { ROOT } from "../../shared/course/chapters.ts";
import { createDatabase, databaseUrl, dropDatabase } from "../../shared/services/postgres-databases.ts";
import type { SeedState } from "./state.ts";

/** The false-positive rate the filter is sized for: chapter 22's 1%. */
export const BLOOM_ERROR_RATE = 0.01;
/** Names checked once by the warm-up: enough to fill the cache for the popular ones, seconds at most. */
export const WARM_NAMES = 10_000;
/** Names per checkMany() of the warm-up: one MGET and one query per shard each. */
const WARM_BATCH = 1_000;
/** The steps the bar adds up: generate + normalize + load into the shards + build Bloom < 60 s. */
export const BAR_STEPS = ["generate", "normalize", "dedup", "partition", "create shards", "load shards", "build Bloom"];
export const BAR_SECONDS = 60;
/** Databases are created from this template: template1 may hold a learner's extensions; template0 is the pristine one. */
const TEMPLATE = "template0";

export interface SeedOptions {
  count: number;
  shards: number;
  seed: number;
  /** Names the databases, the Redis keys and the names file. */
  deployment: string;
  /** A superuser URL of the Postgres server's maintenance database: the shards are created there. */
  postgresUrl: string;
  /** The Redis server (and database) the cache, the filter and the prefix index go to. */
  redisUrl: string;
  /** Shard databases an earlier seed made, to drop with the ones this seed makes. */
  dropFirst?: readonly string[];
  /** Where each step's progress bar is drawn (when it is a terminal). */
  progress: ProgressStream;
  /** One line when a step is done. */
  say(line: string): void;
}

export interface StepTiming {
  step: string;
  rows: number;
  seconds: number;
}

export interface SeedResult {
  steps: StepTiming[];
  /** Rows per shard, counted on each after the load. */
  perShard: Record<string, number>;
  /** What a later command needs to find the data (without the version the state file adds). */
  state: Omit<SeedState, "version">;
}

/** The names the generator wrote for `deployment`, one a line, as people typed them. */
export function namesFile(deployment: string): string {
  return join(ROOT, ".cache", "unamex", deployment, "usernames.txt");
}

/**
 * The names chapter 27's suggester draws phonetic and trigram neighbours from: the first
 * LEXICON_NAMES lines of the seed's names file. The whole million would need over a gigabyte of
 * heap for the two indexes and half a minute to build them.
 */
export function readLexicon(deployment: string): string[] {
  const lines = readFileSync(namesFile(deployment), "utf8").split("\n", LEXICON_NAMES + 1);
  return lines.filter((line) => line !== "").slice(0, LEXICON_NAMES);
}

/** The size of the suggester's lexicon (see readLexicon). */
export const LEXICON_NAMES = 200_000;

/** The name of shard `index`'s database: "unamex_shard_0". */
export function shardDatabase(deployment: string, index: number): string {
  return `${deployment}_shard_${index}`;
}

export async function seed(options: SeedOptions): Promise<SeedResult> {
  const { count, deployment, say } = options;
  const steps: StepTiming[] = [];
  const step = async <T>(name: string, work: () => Promise<{ value: T; rows: number }>): Promise<T> => {
    const started = performance.now();
    const { value, rows } = await work();
    const seconds = (performance.now() - started) / 1000;
    steps.push({ step: name, rows, seconds });
    say(`${name}: ${rows.toLocaleString("en-US")} in ${seconds.toFixed(1)} s`);
    return value;
  };
  const bar = (total: number, label: string) => progressBar(total, label, options.progress);

  const file = namesFile(deployment);
  mkdirSync(dirname(file), { recursive: true });
  await step("generate", async () => {
    const summary = await generateUsernames({
      count,
      seed: options.seed,
      out: createWriteStream(file),
      progress: options.progress,
    });
    return { value: summary, rows: summary.written };
  });

  const normalized = await step("normalize", async () => {
    const lines = readFileSync(file, "utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    const progress = bar(lines.length, "normalize");
    const typed: string[] = [];
    const canonical: string[] = [];
    for (const [index, line] of lines.entries()) {
      const verdict = normalizeUsername(line);
      if (verdict.ok) {
        typed.push(line);
        canonical.push(verdict.name);
      }
      progress.update(index + 1);
    }
    progress.finish();
    return { value: { typed, canonical }, rows: lines.length };
  });

  const kept = await step("dedup", async () => {
    const seen = new Set<string>();
    const typed: string[] = [];
    const canonical: string[] = [];
    const progress = bar(normalized.canonical.length, "dedup");
    for (const [index, name] of normalized.canonical.entries()) {
      if (!seen.has(name)) {
        seen.add(name);
        typed.push(normalized.typed[index]!);
        canonical.push(name);
      }
      progress.update(index + 1);
    }
    progress.finish();
    return { value: { typed, canonical }, rows: canonical.length };
  });

  const names = Array.from({ length: options.shards }, (_, index) => shardName(index));
  const ring = new HashRing(names);
  const expected = await step("partition", async () => {
    const counts: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
    const progress = bar(kept.canonical.length, "partition");
    for (const [index, name] of kept.canonical.entries()) {
      const shard = ring.pick(name);
      counts[shard] = (counts[shard] ?? 0) + 1;
      progress.update(index + 1);
    }
    progress.finish();
    return { value: counts, rows: kept.canonical.length };
  });

  const shardUrls = await step("create shards", async () => {
    const databases = names.map((_, index) => shardDatabase(deployment, index));
    for (const old of new Set([...(options.dropFirst ?? []), ...databases]))
      await dropDatabase(options.postgresUrl, old);
    for (const database of databases) await createDatabase(options.postgresUrl, database, TEMPLATE);
    return { value: databases.map((database) => databaseUrl(options.postgresUrl, database)), rows: databases.length };
  });

  const shards = new ShardSet(shardUrls, { picker: ring });
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await shards.createSchema();
    const perShard = await step("load shards", async () => {
      const progress = bar(kept.typed.length, "load shards");
      const summary = await shards.bulkLoad(kept.typed, { onProgress: ({ read }) => progress.update(read) });
      progress.finish();
      // Both placements come from one ring: a difference means a name is where lookups will not look.
      for (const name of names)
        if (summary.perShard[name] !== expected[name])
          throw new Error(
            `${name} got ${summary.perShard[name]} names from the load, the partition placed ${expected[name]} there`,
          );
      return { value: summary.perShard, rows: summary.loaded };
    });

    await redis.connect();
    const keyPrefix = `${deployment}:`;
    await forgetKeys(redis, keyPrefix);
    const bloomKey = `${keyPrefix}bloom`;
    const capacity = Math.max(kept.canonical.length, 1);
    const filter = await step("build Bloom", async () => {
      const built = BloomFilter.forCapacity(capacity, BLOOM_ERROR_RATE);
      const progress = bar(kept.canonical.length, "build Bloom");
      for (const [index, name] of kept.canonical.entries()) {
        built.add(name);
        if ((index & 0x3ff) === 0) progress.update(index);
      }
      progress.finish();
      await (await RedisBloom.open(redis, bloomKey, capacity, BLOOM_ERROR_RATE)).load(built);
      return { value: built, rows: kept.canonical.length };
    });

    await step("warm cache", async () => {
      const availability = openAvailability(keyPrefix, shards, redis, filter);
      const stride = Math.max(1, Math.floor(kept.canonical.length / WARM_NAMES));
      const sample = kept.canonical.filter((_, index) => index % stride === 0).slice(0, WARM_NAMES);
      const progress = bar(sample.length, "warm cache");
      for (let at = 0; at < sample.length; at += WARM_BATCH) {
        const answers = await availability.checkMany(sample.slice(at, at + WARM_BATCH));
        const wrong = answers.find((answer) => answer.available);
        if (wrong) throw new Error(`the warm-up found "${wrong.name}" available although the seed loaded it`);
        progress.update(at + answers.length);
      }
      progress.finish();
      return { value: undefined, rows: sample.length };
    });

    const prefixKey = `${keyPrefix}prefix`;
    await step("index prefixes", async () => {
      await new RedisPrefix(redis, prefixKey).load(kept.canonical);
      return { value: undefined, rows: kept.canonical.length };
    });

    return {
      steps,
      perShard,
      state: {
        deployment,
        seededAt: new Date().toISOString(),
        count,
        seed: options.seed,
        names: kept.canonical.length,
        shardUrls,
        redisUrl: options.redisUrl,
        keyPrefix,
        bloom: { key: bloomKey, capacity, errorRate: BLOOM_ERROR_RATE },
        prefixKey,
      },
    };
  } finally {
    redis.disconnect();
    await shards.close();
  }
}

/** The cache's keys sit under the deployment's prefix, apart from the filter's and the index's. */
export function cachePrefix(keyPrefix: string): string {
  return `${keyPrefix}avail:`;
}

/**
 * Taken names each process keeps in memory (chapter 25's near cache): about 10 MB, and a warm
 * check of a taken name then sends nothing. Safe here: the seed's names are never released.
 */
export const NEAR_CACHE_NAMES = 100_000;

/** The availability service on the deployment's shards, cache and filter, as every command runs it. */
export function openAvailability(keyPrefix: string, shards: ShardSet, redis: Redis, bloom: NameFilter): Availability {
  return new Availability({ shards, redis, bloom, keyPrefix: cachePrefix(keyPrefix), nearCacheSize: NEAR_CACHE_NAMES });
}

/** Removes every key under `prefix` (an earlier seed's filter, index and cache), SCAN by SCAN. */
export async function forgetKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
}

/** A literal for a SCAN MATCH pattern: its glob characters escaped. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

/** The steps as a table: rows, seconds and rows per second each, and the bar's sum. */
export function timingTable(steps: readonly StepTiming[]): string {
  const lines = [`${"step".padEnd(16)}${"rows".padStart(12)}${"seconds".padStart(10)}${"rows/s".padStart(12)}`];
  for (const { step, rows, seconds } of steps) {
    const rate = seconds > 0 ? Math.round(rows / seconds).toLocaleString("en-US") : "—";
    lines.push(
      `${step.padEnd(16)}${rows.toLocaleString("en-US").padStart(12)}${seconds.toFixed(2).padStart(10)}${rate.padStart(12)}`,
    );
  }
  const bar = barSeconds(steps);
  const total = steps.reduce((sum, s) => sum + s.seconds, 0);
  lines.push(
    "",
    `generate → build Bloom: ${bar.toFixed(1)} s (bar: < ${BAR_SECONDS} s ${bar < BAR_SECONDS ? "met" : "MISSED"}); all steps: ${total.toFixed(1)} s`,
  );
  return lines.join("\n");
}

/** The seconds of the steps the bar counts. */
export function barSeconds(steps: readonly StepTiming[]): number {
  return steps.filter((s) => BAR_STEPS.includes(s.step)).reduce((sum, s) => sum + s.seconds, 0);
}
