// Chapter 26's three prefix engines on the same generated names: the top-10 latency of each over
// seeded prefixes of one to four characters (the first characters a user types), measured one
// query at a time after a warm-up, and the memory of the in-process index, measured as the heap
// and ArrayBuffers it keeps after a full collection. The Map-per-node trie, the trap of the
// lesson, is measured the same way on 100,000 names and extrapolated linearly to the full count
// (a trie's cost per name barely changes with the count: most of its nodes are the unshared tails).
import { Writable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  generateUsernames,
  NaiveTrie,
  PackedPrefixIndex,
  PostgresPrefix,
  type PrefixEngine,
  RedisPrefix,
} from "@trilogy/unamex";
import { Redis } from "ioredis";
import { seededRandom } from "../../../shared/check/random.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { quantile } from "../stats.ts";

/** Queries per engine, after WARM_UP of them: enough for a p99 from 30 slowest. */
const QUERIES = 3_000;
const WARM_UP = 300;
/** Names the trie is measured on: a million would need over a gigabyte of heap. */
const TRIE_NAMES = 100_000;
const SEED = 26;

export interface PrefixRow {
  engine: string;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface PrefixReport {
  names: number;
  loadSeconds: Record<string, number>;
  latency: PrefixRow[];
  packedIndexBytes: number;
  packedIndexSelfReported: number;
  naiveTrieBytesPer100k: number;
  naiveTrieBytesExtrapolated: number;
}

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;
function heap(): number {
  collect();
  collect();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

async function generated(count: number): Promise<string[]> {
  const lines: string[] = [];
  let rest = "";
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const parts = (rest + chunk.toString("utf8")).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) if (line) lines.push(line);
      done();
    },
  });
  await generateUsernames({ count, seed: SEED, out, progress: { isTTY: false, write: () => true } });
  if (rest) lines.push(rest);
  return lines;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, (performance.now() - start) / 1_000];
}

async function latency(engine: string, search: PrefixEngine, prefixes: readonly string[]): Promise<PrefixRow> {
  for (const prefix of prefixes.slice(0, WARM_UP)) await search.search(prefix, { limit: 10 });
  const times = new Float64Array(QUERIES);
  for (let i = 0; i < QUERIES; i++) {
    const prefix = prefixes[WARM_UP + i]!;
    const start = performance.now();
    await search.search(prefix, { limit: 10 });
    times[i] = performance.now() - start;
  }
  times.sort();
  return { engine, p50Ms: quantile(times, 0.5), p95Ms: quantile(times, 0.95), p99Ms: quantile(times, 0.99) };
}

export async function benchPrefix(count: number, say: (line: string) => void): Promise<PrefixReport> {
  say(`generating ${count.toLocaleString("en-US")} names (seed ${SEED})`);
  const names = await generated(count);
  const random = seededRandom(SEED);
  const prefixes = Array.from({ length: WARM_UP + QUERIES }, () =>
    [...names[Math.floor(random() * names.length)]!].slice(0, 1 + Math.floor(random() * 4)).join(""),
  );
  const loadSeconds: Record<string, number> = {};

  say("measuring the naive trie on 100,000 names");
  const trieBefore = heap();
  const trie = new NaiveTrie();
  for (const name of names.slice(0, TRIE_NAMES)) trie.add(Buffer.from(name).toString());
  const trieBytes = heap() - trieBefore;
  trie.search("a", 1);

  say("building the packed index");
  const before = heap();
  const [index, packSeconds] = await timed(() => PackedPrefixIndex.from(names.map((n) => Buffer.from(n).toString())));
  const packedIndexBytes = heap() - before;
  loadSeconds["packed index"] = packSeconds;

  say("loading Redis");
  const redisService = await redis();
  const ns = await redisService.isolate();
  const client = new Redis(ns.url);
  const redisEngine = new RedisPrefix(client, `${ns.keyPrefix}names`);
  loadSeconds.Redis = (await timed(() => redisEngine.load(names)))[1];

  say("loading Postgres");
  const pgService = await postgres();
  const db = await pgService.createDatabase({ label: "bench-prefix" });
  const pgEngine = new PostgresPrefix(db.url);
  await pgEngine.createSchema();
  loadSeconds.Postgres = (await timed(() => pgEngine.load(names)))[1];

  say(`timing ${QUERIES.toLocaleString("en-US")} top-10 searches per engine`);
  const rows = [
    await latency("packed index", index, prefixes),
    await latency("Redis ZRANGEBYLEX", redisEngine, prefixes),
    await latency("Postgres range scan", pgEngine, prefixes),
  ];
  client.disconnect();
  await pgEngine.close();
  await db.drop();
  return {
    names: names.length,
    loadSeconds,
    latency: rows,
    packedIndexBytes,
    packedIndexSelfReported: index.byteLength,
    naiveTrieBytesPer100k: trieBytes,
    naiveTrieBytesExtrapolated: Math.round((trieBytes * names.length) / TRIE_NAMES),
  };
}

export function prefixTable(report: PrefixReport): string {
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const ms = (n: number) => n.toFixed(3).padStart(8);
  const lines = [
    `engine                 p50 ms    p95 ms    p99 ms   (top 10, prefixes of 1–4 characters; bar: p95 < 2 ms)`,
    ...report.latency.map((r) => `${r.engine.padEnd(20)} ${ms(r.p50Ms)}  ${ms(r.p95Ms)}  ${ms(r.p99Ms)}`),
    "",
    `load: ${Object.entries(report.loadSeconds)
      .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
      .join(", ")}`,
    `packed index for ${report.names.toLocaleString("en-US")} names: ${mb(report.packedIndexBytes)} measured on the heap (${mb(report.packedIndexSelfReported)} of buffers; bar: ≤ 64 MB)`,
    `naive Map-per-node trie: ${mb(report.naiveTrieBytesPer100k)} measured for ${TRIE_NAMES.toLocaleString("en-US")} names, so about ${mb(report.naiveTrieBytesExtrapolated)} for ${report.names.toLocaleString("en-US")} (extrapolated, not measured)`,
  ];
  return lines.join("\n");
}
