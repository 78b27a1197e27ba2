// `pnpm bench unamex`: unamex's building blocks next to the packages a service would otherwise
// use, on this machine, in one process:
//
//   bloom   chapter 22's BloomFilter against the `bloom-filters` package at n = 1,000,000, p = 1%:
//           bytes, adds/s, lookups/s, and the false-positive rate each measures (bloom.ts)
//   prefix  chapter 26's three prefix engines on the same names: top-10 latency p50/p95/p99, the
//           packed index's memory, the naive trie's extrapolated (prefix.ts; Redis and Postgres)
//   seed    `pnpm unamex seed` on 4 fresh shards, each step timed: generate + normalize + load +
//           build Bloom < 60 s (seed.ts; Postgres and Redis)
//   availability  warm check() in process over taken and free names, p50/p95/p99 (p99 < 1 ms),
//           and no "available" for a taken name or a variant of one (seed.ts, on the seed's data;
//           run alone, it seeds first)
//   suggest chapter 27's suggest() warm over taken names of the seed, a page of 10: p50/p95/p99
//           (bar: p95 < 20 ms), and not one suggestion that the shards hold (suggest.ts; run
//           alone, it seeds first)
//
// Each part prints a table and writes unamex-<part>.json to --out (.cache/bench by default).
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, relative, resolve } from "node:path";
import pc from "picocolors";
import { ROOT } from "../../../shared/course/chapters.ts";
import { boundedInt, parse, UsageError } from "../../lib/cli.ts";
import { BAR_SECONDS, timingTable } from "../../unamex/seed.ts";
import { machineLine } from "../report.ts";
import { benchBloom, bloomTable } from "./bloom.ts";
import { benchPrefix, prefixTable } from "./prefix.ts";
import {
  type AvailabilityReport,
  availabilityTable,
  benchAvailability,
  benchSeed,
  CHECK_P99_BAR_MS,
  type SeededBench,
} from "./seed.ts";
import { benchSuggest, SUGGEST_P95_BAR_MS, suggestTable } from "./suggest.ts";

const USAGE =
  "pnpm bench unamex [--only bloom|prefix|seed|availability|suggest] [--names 10000-5000000] [--rounds 1-9] [--out DIR]";
const PARTS = ["bloom", "prefix", "seed", "availability", "suggest"] as const;
const DEFAULT_OUT = join(ROOT, ".cache", "bench");

export async function benchUnamex(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    USAGE,
    {
      only: { type: "string" },
      names: { type: "string", default: "1000000" },
      rounds: { type: "string", default: "1" },
      out: { type: "string" },
    },
    args,
  );
  if (positionals.length !== 1) throw new UsageError(`unexpected argument "${positionals[1]}"\nusage: ${USAGE}`);
  if (values.only !== undefined && !(PARTS as readonly string[]).includes(values.only))
    throw new UsageError(
      `--only must be one of ${PARTS.join(", ")}, not ${JSON.stringify(values.only)}\nusage: ${USAGE}`,
    );
  const names = boundedInt("--names", values.names, 10_000, 5_000_000, USAGE);
  const rounds = boundedInt("--rounds", values.rounds, 1, 9, USAGE);
  const out = resolve(values.out ?? DEFAULT_OUT);
  const { machine, load } = machineLine();
  console.log(`${pc.bold("bench unamex")} on ${machine}, load average ${load}`);

  mkdirSync(out, { recursive: true });
  const write = (part: string, result: object) => {
    const file = join(out, `unamex-${part}.json`);
    const report = {
      benchmark: `unamex --only ${part}`,
      date: new Date().toISOString(),
      machine,
      loadAverage: loadavg(),
      ...result,
    };
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written: ${relative(process.cwd(), file)}`);
  };
  let failed = 0;
  if (values.only === undefined || values.only === "bloom") {
    const bloom = benchBloom({ names, errorRate: 0.01, rounds }, (line) => console.log(pc.dim(line)));
    console.log(`\n${bloomTable(bloom)}`);
    write("bloom", { bloom });
    const wrong = bloom.filter((row) => row.falseNegatives > 0);
    for (const row of wrong)
      process.stderr.write(`${pc.red("failed")}: ${row.name} had ${row.falseNegatives} false negatives\n`);
    failed += wrong.length;
  }
  if (values.only === undefined || values.only === "prefix") {
    const prefix = await benchPrefix(names, (line) => console.log(pc.dim(line)));
    console.log(`\n${prefixTable(prefix)}`);
    write("prefix", { prefix });
  }
  const wants = (part: string) => values.only === undefined || values.only === part;
  let seeded: SeededBench | undefined;
  try {
    if (wants("seed") || wants("availability") || wants("suggest")) {
      seeded = await benchSeed(names, (line) => console.log(pc.dim(line)));
      console.log(`\n${timingTable(seeded.result.steps)}`);
      write("seed", {
        seed: { steps: seeded.result.steps, perShard: seeded.result.perShard, barSeconds: seeded.barSeconds },
      });
      if (wants("seed") && seeded.barSeconds >= BAR_SECONDS) {
        process.stderr.write(
          `${pc.red("failed")}: the seed took ${seeded.barSeconds.toFixed(1)} s, the bar is ${BAR_SECONDS} s\n`,
        );
        failed++;
      }
    }
    if (seeded && wants("availability")) {
      const availability: AvailabilityReport = await benchAvailability(seeded.result, (line) =>
        console.log(pc.dim(line)),
      );
      console.log(`\n${availabilityTable(availability)}`);
      write("availability", { availability });
      if (availability.falseAvailable.length > 0) {
        process.stderr.write(
          `${pc.red("failed")}: ${availability.falseAvailable.length} taken names or variants answered available, e.g. ${JSON.stringify(availability.falseAvailable[0])}\n`,
        );
        failed++;
      }
      const slow = availability.latency.filter((row) => row.p99Ms >= CHECK_P99_BAR_MS);
      for (const row of slow)
        process.stderr.write(
          `${pc.yellow("over the bar")}: ${row.kind} names p99 ${row.p99Ms.toFixed(3)} ms ≥ ${CHECK_P99_BAR_MS} ms\n`,
        );
    }
    if (seeded && wants("suggest")) {
      const suggest = await benchSuggest(seeded.result, (line) => console.log(pc.dim(line)));
      console.log(`\n${suggestTable(suggest)}`);
      write("suggest", { suggest });
      if (suggest.wrong.length > 0) {
        process.stderr.write(
          `${pc.red("failed")}: ${suggest.wrong.length} suggested names are taken, e.g. ${JSON.stringify(suggest.wrong[0])}\n`,
        );
        failed++;
      }
      if (suggest.p95Ms >= SUGGEST_P95_BAR_MS)
        process.stderr.write(
          `${pc.yellow("over the bar")}: suggest() p95 ${suggest.p95Ms.toFixed(3)} ms ≥ ${SUGGEST_P95_BAR_MS} ms\n`,
        );
    }
  } finally {
    await seeded?.cleanUp();
  }
  return failed ? 1 : 0;
}
