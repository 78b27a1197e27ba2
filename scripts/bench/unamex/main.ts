// `pnpm bench unamex`: unamex's building blocks next to the packages a service would otherwise
// use, on this machine, in one process. For now one part:
//
//   bloom   chapter 22's BloomFilter against the `bloom-filters` package at n = 1,000,000, p = 1%:
//           bytes, adds/s, lookups/s, and the false-positive rate each measures (bloom.ts)
//
// It prints a table and writes unamex-bloom.json to --out (.cache/bench by default).
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, relative, resolve } from "node:path";
import pc from "picocolors";
import { ROOT } from "../../../shared/course/chapters.ts";
import { boundedInt, parse, UsageError } from "../../lib/cli.ts";
import { machineLine } from "../report.ts";
import { benchBloom, bloomTable } from "./bloom.ts";

const USAGE = "pnpm bench unamex [--only bloom] [--names 10000-5000000] [--rounds 1-9] [--out DIR]";
const PARTS = ["bloom"] as const;
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

  const bloom = benchBloom({ names, errorRate: 0.01, rounds }, (line) => console.log(pc.dim(line)));
  console.log(`\n${bloomTable(bloom)}`);
  mkdirSync(out, { recursive: true });
  const file = join(out, "unamex-bloom.json");
  const report = {
    benchmark: "unamex --only bloom",
    date: new Date().toISOString(),
    machine,
    loadAverage: loadavg(),
    bloom,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${relative(process.cwd(), file)}`);
  const wrong = bloom.filter((row) => row.falseNegatives > 0);
  for (const row of wrong)
    process.stderr.write(`${pc.red("failed")}: ${row.name} had ${row.falseNegatives} false negatives\n`);
  return wrong.length ? 1 : 0;
}
