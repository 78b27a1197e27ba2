// `pnpm tinyorm migrate | rollback [--steps N] | status | make <name> --models <module> [--dir <folder>]`:
// the migration command of tinyorm's newest reference (src/tinyorm/migrate/cli.ts, chapter 16),
// run on DATABASE_URL from the directory pnpm was called in. The command is the reference's own
// runCli(); this file only hands it the process's arguments, environment and streams, and
// exits with its code (0 done, 1 refused, 2 used wrongly).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { publishPart } from "../shared/course/parts.ts";
import { newestReference } from "../shared/course/trees.ts";
import { main } from "./lib/cli.ts";

const CLI_ENTRY = "src/tinyorm/migrate/cli.ts";

/** The reference's runCli, as far as this file uses it. */
type RunCli = (
  args: readonly string[],
  context: {
    env: Readonly<Record<string, string | undefined>>;
    cwd: string;
    out(line: string): void;
    err(line: string): void;
  },
) => Promise<number>;

await main(async () => {
  // A --models module imports "@trilogy/tinyorm" through .cache/parts: point it at the same
  // reference as the command, or its models would be another copy's classes.
  publishPart("tinyorm");
  const newest = newestReference("tinyorm");
  const entry = newest && join(newest.dir, CLI_ENTRY);
  if (!entry || !existsSync(entry)) {
    process.stderr.write(`the newest tinyorm reference has no ${CLI_ENTRY}\n`);
    return 1;
  }
  const { runCli } = (await import(pathToFileURL(entry).href)) as { runCli: RunCli };
  return runCli(process.argv.slice(2), {
    env: process.env,
    // pnpm runs scripts from the package's root; INIT_CWD is where it was called.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
});
