// `pnpm demo microfast`: runs the demo app of the newest microfast reference solution that has
// one (src/microfast/demo.ts) on HOST:PORT, 127.0.0.1:8080 unless set, until Ctrl-C.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { TSX_LOADER } from "../shared/check/child-server.ts";
import { main, parse, UsageError } from "./lib/cli.ts";
import { loadChapters, ROOT } from "./lib/course.ts";

const USAGE = "usage: pnpm demo microfast";
const DEMO_ENTRY = "src/microfast/demo.ts";
const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = "8080";

await main(async () => {
  const { positionals } = parse(USAGE.slice("usage: ".length), {});
  if (positionals.length !== 1 || positionals[0] !== "microfast") throw new UsageError(USAGE);
  const chapter = loadChapters()
    .filter((c) => c.project === "microfast")
    .reverse()
    .find((c) => existsSync(join(c.solutionDir, DEMO_ENTRY)));
  if (!chapter) {
    process.stderr.write(`no microfast solution has ${DEMO_ENTRY} yet\n`);
    return 1;
  }
  const host = process.env.HOST || DEFAULT_HOST;
  const port = process.env.PORT || DEFAULT_PORT;
  process.stderr.write(`running ${relative(ROOT, join(chapter.solutionDir, DEMO_ENTRY))} (chapter ${chapter.id}); Ctrl-C stops it\n`);
  const child = spawn(process.execPath, ["--import", TSX_LOADER, DEMO_ENTRY], {
    cwd: chapter.solutionDir,
    env: { ...process.env, HOST: host, PORT: port },
    stdio: "inherit",
  });
  // The demo stops when we are told to stop: pass the signal on and wait for it to exit.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  return new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1)));
  });
});
