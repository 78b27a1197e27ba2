// `pnpm exec tsx src/unamex/generate/main.ts --count 1000000 --seed 21 --out usernames.txt`:
// writes the names to a file (or stdout without --out), draws a progress bar on stderr when it is
// a terminal, and ends with one line of figures. Bad arguments get one line and exit code 2.
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { generateUsernames } from "./generator.ts";

const USAGE = "usage: main.ts [--count N] [--seed N] [--out FILE]";

function whole(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new RangeError(`--${name} must be a whole number, not "${text}"`);
  return Number(text);
}

try {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "1000000" },
      seed: { type: "string", default: "21" },
      out: { type: "string" },
    },
  });
  const started = performance.now();
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  const summary = await generateUsernames({
    count: whole("count", values.count),
    seed: whole("seed", values.seed),
    out,
  });
  const seconds = (performance.now() - started) / 1000;
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  process.stderr.write(
    `${summary.written} names, ${summary.bytes} bytes in ${seconds.toFixed(1)} s; ${summary.duplicates} duplicates and ${summary.refused} refused names skipped; heap ${heapMb.toFixed(0)} MB\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exitCode = 2;
}
