// `pnpm demo microfast`: runs the demo app of microfast's newest reference (src/microfast/demo.ts)
// on HOST:PORT, 127.0.0.1:8080 unless set, until Ctrl-C or SIGTERM. The app runs in this very
// process: a signal that ends the command ends the server with it.
//
// `pnpm demo tinyorm`: the users API of tinyorm's newest reference (src/tinyorm/demo.ts) on a
// fresh database of a Postgres the services layer starts (shared/services), on HOST:PORT the same
// way. The demo makes its table itself (a migration) and shuts its server and pool down on
// Ctrl-C or SIGTERM; the services stop with this process. It runs under tsx, as the sources are:
// it imports microfast by name (@trilogy/microfast, the tsconfig's paths), and a database-bound
// API has no throughput worth compiling for.
//
// It runs compiled, as `pnpm bench` measures it: esbuild bundles the demo into one JavaScript
// module (scripts/bench/compile.ts), which this process imports. tsx stays for this file alone;
// the framework's code never passes through it (tsx wraps every closure in __name(), a fifth of
// microfast's throughput), and its stack traces still name the TypeScript files, by source map.
//
// `pnpm demo` runs this file as `node --import tsx` (package.json), not through tsx's CLI, so the
// demo is the direct child of pnpm's shell. pnpm passes a SIGTERM to that shell only, and the
// shell dies without passing it on; the demo sees its parent gone and exits (orphan-guard.ts).
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../shared/course/chapters.ts";
import { publishPart } from "../shared/course/parts.ts";
import { newestReference, treeSources } from "../shared/course/trees.ts";
import { postgres } from "../shared/services/index.ts";
import { exitWhenOrphaned } from "../shared/services/orphan-guard.ts";
import { CompileError, compile } from "./bench/compile.ts";
import { main, parse, UsageError } from "./lib/cli.ts";

const USAGE = "usage: pnpm demo microfast|tinyorm";
const DEMO_ENTRY = "src/microfast/demo.ts";
const TINYORM_DEMO_ENTRY = "src/tinyorm/demo.ts";
const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = "8080";

await main(async () => {
  const { positionals } = parse(USAGE.slice("usage: ".length), {});
  if (positionals.length !== 1 || (positionals[0] !== "microfast" && positionals[0] !== "tinyorm"))
    throw new UsageError(USAGE);
  if (positionals[0] === "tinyorm") return tinyormDemo();
  const newest = newestReference("microfast");
  const entry = newest && join(newest.dir, DEMO_ENTRY);
  if (!newest || !entry || !existsSync(entry)) {
    process.stderr.write(`the newest microfast reference has no ${DEMO_ENTRY}\n`);
    return 1;
  }
  let compiled: string;
  try {
    compiled = (await compile(newest.dir, DEMO_ENTRY)).file;
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  process.env.HOST ||= DEFAULT_HOST;
  process.env.PORT ||= DEFAULT_PORT;
  process.stderr.write(
    `running ${relative(ROOT, treeSources(newest.chapter, "reference").get(DEMO_ENTRY) ?? entry)} (microfast as of chapter ${newest.chapter.id}, compiled) on ${process.env.HOST}:${process.env.PORT}; Ctrl-C stops it\n`,
  );
  // Node's default for SIGINT/SIGTERM is to exit, which closes the listening socket with it.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => process.exit(0));
  exitWhenOrphaned();
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(compiled).href);
  return new Promise<number>(() => {});
});

/** `pnpm demo tinyorm`: a fresh database, then the newest tinyorm reference's demo in this process. */
async function tinyormDemo(): Promise<number> {
  const newest = newestReference("tinyorm");
  const entry = newest && join(newest.dir, TINYORM_DEMO_ENTRY);
  if (!newest || !entry || !existsSync(entry)) {
    process.stderr.write(`the newest tinyorm reference has no ${TINYORM_DEMO_ENTRY}\n`);
    return 1;
  }
  // The demo imports "@trilogy/microfast": the link the tsconfig's paths name must be current.
  publishPart("microfast");
  exitWhenOrphaned();
  const database = await (await postgres()).createDatabase({ label: "demo" });
  process.env.DATABASE_URL = database.url;
  process.env.HOST ||= DEFAULT_HOST;
  process.env.PORT ||= DEFAULT_PORT;
  process.stderr.write(
    `running ${relative(ROOT, treeSources(newest.chapter, "reference").get(TINYORM_DEMO_ENTRY) ?? entry)} (tinyorm as of chapter ${newest.chapter.id}) on ${process.env.HOST}:${process.env.PORT}, database ${database.name}; Ctrl-C stops it\n`,
  );
  // SIGTERM and SIGINT belong to the demo's own graceful shutdown; the services stop at exit.
  process.once("SIGHUP", () => process.exit(0));
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(entry).href);
  return new Promise<number>(() => {});
}
