// Chapter 22's Bloom filter next to the `bloom-filters` package (3.0.4), both sized for the same
// n and p by their own formulas and given the same names, in rounds that alternate which runs
// first, each after a warm-up on a filter of its own (so the JIT has compiled the hot path).
// Per filter: the bytes of its bit array and of its serialized form, adds per second, lookups per
// second (of names never added, the common case of an availability check), the false negatives
// among a sample of the names added (must be 0) and the false-positive rate it measured over all
// the lookups. The time is bounded by the slower filter: about 2.2 million of its operations a round.
//
// `bloom-filters` is CommonJS whose exports Node cannot list for an ES import by name: its module
// object is imported whole.
import { BloomFilter } from "@trilogy/unamex";
import bloomFilters from "bloom-filters";
import { seededRandom } from "../../../shared/check/random.ts";
import { median } from "../stats.ts";

export interface BloomSettings {
  names: number;
  errorRate: number;
  rounds: number;
}

export interface BloomRow {
  name: string;
  bits: number;
  hashes: number;
  arrayBytes: number;
  serializedBytes: number;
  addsPerSecond: number;
  lookupsPerSecond: number;
  falseNegatives: number;
  falsePositiveRate: number;
}

/** The two filters behind one interface: what is measured is add(), has() and the sizes. */
interface Contender {
  name: string;
  make(
    n: number,
    p: number,
  ): {
    add(key: string): void;
    has(key: string): boolean;
    bits: number;
    hashes: number;
    arrayBytes(): number;
    serializedBytes(): number;
  };
}

const CONTENDERS: readonly Contender[] = [
  {
    name: "unamex BloomFilter",
    make(n, p) {
      const filter = BloomFilter.forCapacity(n, p);
      return {
        add: (key) => filter.add(key),
        has: (key) => filter.has(key),
        bits: filter.bits,
        hashes: filter.hashes,
        arrayBytes: () => filter.stats().bytes,
        serializedBytes: () => filter.serialize().length,
      };
    },
  },
  {
    name: "bloom-filters 3.0.4",
    make(n, p) {
      const filter = bloomFilters.BloomFilter.create(n, p);
      return {
        add: (key) => filter.add(key),
        has: (key) => filter.has(key),
        bits: filter.size,
        hashes: filter._nbHashes,
        arrayBytes: () => filter._filter.array.byteLength,
        serializedBytes: () => Buffer.byteLength(JSON.stringify(filter.saveAsJSON())),
      };
    },
  },
];

/** Username-like names from a seed: "<syllables><separator><index>", so two sets never meet. */
function names(seed: number, count: number, separator: string): string[] {
  const random = seededRandom(seed);
  const syllables = ["an", "ma", "ri", "jo", "el", "ka", "to", "li", "sa", "ne", "ko", "da", "mi", "ра", "бо", "ß"];
  const word = () => {
    let text = "";
    for (let i = 2 + Math.floor(random() * 3); i > 0; i--) text += syllables[Math.floor(random() * syllables.length)];
    return text;
  };
  const bodies = Array.from({ length: 4_096 }, word);
  return Array.from(
    { length: count },
    (_, i) => `${bodies[Math.floor(random() * bodies.length)]}${separator}${i.toString(36)}`,
  );
}

/** Names added and looked up before a round is measured, on a filter thrown away. */
const WARMUP_NAMES = 50_000;
/** Names added that are looked up again to count false negatives. */
const FALSE_NEGATIVE_SAMPLE = 100_000;

function timed(work: () => void): number {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function benchBloom(settings: BloomSettings, log: (line: string) => void): BloomRow[] {
  const { names: n, errorRate, rounds } = settings;
  const added = names(22, n, "_");
  const absent = names(23, n, ".");
  log(
    `${n.toLocaleString("en-US")} names added, ${n.toLocaleString("en-US")} others looked up, p = ${errorRate}; ${rounds} rounds, alternating`,
  );
  const figures = new Map(CONTENDERS.map((c) => [c.name, [] as BloomRow[]]));
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? CONTENDERS : [...CONTENDERS].reverse();
    for (const contender of order) {
      const warm = contender.make(WARMUP_NAMES, errorRate);
      for (const key of added.slice(0, WARMUP_NAMES)) warm.add(key);
      for (const key of absent.slice(0, WARMUP_NAMES)) warm.has(key);
      const filter = contender.make(n, errorRate);
      const addSeconds = timed(() => {
        for (const key of added) filter.add(key);
      });
      let found = 0;
      const lookupSeconds = timed(() => {
        for (const key of absent) if (filter.has(key)) found++;
      });
      let falseNegatives = 0;
      for (const key of added.slice(0, FALSE_NEGATIVE_SAMPLE)) if (!filter.has(key)) falseNegatives++;
      const row: BloomRow = {
        name: contender.name,
        bits: filter.bits,
        hashes: filter.hashes,
        arrayBytes: filter.arrayBytes(),
        serializedBytes: filter.serializedBytes(),
        addsPerSecond: n / addSeconds,
        lookupsPerSecond: n / lookupSeconds,
        falseNegatives,
        falsePositiveRate: found / n,
      };
      figures.get(contender.name)!.push(row);
      log(
        `  round ${round}/${rounds}  ${contender.name.padEnd(20)} ${fmt(row.addsPerSecond)} adds/s  ${fmt(row.lookupsPerSecond)} lookups/s  FPR ${percent(row.falsePositiveRate)}`,
      );
    }
  }
  return CONTENDERS.map((c) => {
    const rows = figures.get(c.name)!;
    const first = rows[0]!;
    return {
      ...first,
      addsPerSecond: median(rows.map((r) => r.addsPerSecond)),
      lookupsPerSecond: median(rows.map((r) => r.lookupsPerSecond)),
      falseNegatives: Math.max(...rows.map((r) => r.falseNegatives)),
    };
  });
}

export function bloomTable(rows: readonly BloomRow[]): string {
  const header = ["filter", "m (bits)", "k", "bit array", "serialized", "adds/s", "lookups/s", "false neg.", "FPR"];
  const lines = rows.map((r) => [
    r.name,
    r.bits.toLocaleString("en-US"),
    String(r.hashes),
    bytes(r.arrayBytes),
    bytes(r.serializedBytes),
    fmt(r.addsPerSecond),
    fmt(r.lookupsPerSecond),
    String(r.falseNegatives),
    percent(r.falsePositiveRate),
  ]);
  const table = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "))
    .join("\n");
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(10);
const percent = (rate: number) => `${(rate * 100).toFixed(3)}%`;
const bytes = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
