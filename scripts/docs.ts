// `pnpm run docs`: build the course website into site/ and serve it on 127.0.0.1.
// (`run` is needed: pnpm hands a bare `pnpm docs` to npm's own docs command.)
import { relative } from "node:path";
import pc from "picocolors";
import { ROOT } from "../shared/course/chapters.ts";
import { publishPart } from "../shared/course/parts.ts";
import { DOCS_COMMAND } from "./docs/templates.ts";
import { main, parse, UsageError } from "./lib/cli.ts";

const USAGE = `${DOCS_COMMAND} [--port N] [--no-serve]`;
/** A port that is rarely taken on a learner's machine (Vite's preview port), easy to remember. */
const DEFAULT_PORT = 4173;
const MAX_PORT = 65_535;

await main(async () => {
  const { values, positionals } = parse(USAGE, { port: { type: "string" }, "no-serve": { type: "boolean" } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\nusage: ${USAGE}`);
  const port = portArg(values.port);
  // Loaded only now: the highlighter and markdown parser are not needed to answer a wrong argument.
  const { BuildError, buildSite } = await import("./docs/build.ts");
  // The site is served by microfast itself: point @trilogy/microfast at its newest reference first.
  publishPart("microfast");
  const { serveSite } = await import("./docs/serve.ts");

  const started = performance.now();
  let built: Awaited<ReturnType<typeof buildSite>>;
  try {
    built = await buildSite();
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    for (const problem of error.problems) process.stderr.write(`${problem}\n`);
    const count = error.problems.length;
    process.stderr.write(pc.red(`docs: ${count} problem${count === 1 ? "" : "s"}; the site was not built\n`));
    return 1;
  }
  const ms = Math.round(performance.now() - started);
  console.log(`docs: built ${built.pages.length} pages into ${relative(ROOT, built.outDir) || "."}/ in ${ms} ms`);
  if (values["no-serve"]) return 0;

  let server: Awaited<ReturnType<typeof serveSite>>;
  try {
    server = await serveSite(built.outDir, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    process.stderr.write(`docs: port ${port} is in use; try ${DOCS_COMMAND} --port ${port + 1}\n`);
    return 1;
  }
  console.log(
    `docs: serving ${pc.bold(server.url)} (Ctrl-C to stop; run ${DOCS_COMMAND} again to refresh your progress)`,
  );
  await new Promise<void>((stop) => {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return 0;
});

function portArg(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text) || Number(text) > MAX_PORT) {
    throw new UsageError(`--port must be a number from 0 to ${MAX_PORT}\nusage: ${USAGE}`);
  }
  return Number(text);
}
