// `pnpm bench microfast`: requests per second and latency of microfast's hello world against
// Node's own HTTP server, on loopback, with the same closed-loop load for both. Bounded in
// time; the servers stop with it.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import { labsDir, newestChapter, ROOT } from "../shared/course/chapters.ts";
import { referenceTree } from "../shared/course/trees.ts";
import { type LoadResult, quantile, runLoad } from "./bench/load.ts";
import { startServer } from "./bench/servers.ts";
import { chapterArg, main, parse, UsageError } from "./lib/cli.ts";

const USAGE = "pnpm bench microfast [--chapter NN] [--lab] [--seconds 1-60] [--connections 1-1000]";
/** The server each chapter's lesson runs: the app of chapter 06 on, the router of 05, else 02–04's server. */
const ENTRIES = ["src/microfast/demo.ts", "src/router/main.ts", "src/http/main.ts"];
const WARMUP_MS = 1_000;
const REQUEST = Buffer.from("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: trilogy-bench\r\n\r\n", "latin1");

interface Target {
  readonly label: string;
  /** What to call the server's tree in messages: a lab folder, or "the reference of chapter NN". */
  readonly tree: string;
  readonly entry: string;
  readonly cwd: string;
}

await main(async () => {
  const { values, positionals } = parse(USAGE, {
    chapter: { type: "string" },
    lab: { type: "boolean", default: false },
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
  });
  if (positionals.length !== 1 || positionals[0] !== "microfast") {
    const what = positionals.length ? `unknown benchmark "${positionals.join(" ")}";` : "which benchmark?";
    throw new UsageError(`${what} available: microfast\nusage: ${USAGE}`);
  }
  const seconds = bounded("--seconds", values.seconds, 1, 60);
  const connections = bounded("--connections", values.connections, 1, 1_000);
  const microfast = microfastTarget(values.chapter, values.lab);
  const baseline: Target = {
    label: "node:http",
    tree: "scripts/bench",
    entry: join(ROOT, "scripts/bench/node-http-hello.ts"),
    cwd: ROOT,
  };

  console.log(
    `${pc.bold("bench microfast")}: GET / on 127.0.0.1, ${connections} keep-alive connections, one request in flight each, ${seconds} s after ${WARMUP_MS / 1000} s of warm-up`,
  );
  console.log(pc.dim(`microfast is ${microfast.entry} of ${microfast.tree}`));
  const results: [Target, LoadResult][] = [];
  for (const target of [baseline, microfast]) {
    results.push([target, await measure(target, connections, seconds * 1_000)]);
    console.log(row(target.label, results.at(-1)![1]));
  }
  const [base, ours] = results.map(([, r]) => r.responses / (r.elapsedMs / 1_000)) as [number, number];
  console.log(`microfast / node:http = ${pc.bold((ours / base).toFixed(2))} of the throughput`);
  const failed = results.filter(([, r]) => r.errors > 0 || r.non2xx > 0 || r.responses === 0);
  for (const [target, r] of failed)
    console.error(`${target.label}: ${r.responses} responses, ${r.non2xx} not 2xx, ${r.errors} connection errors`);
  return failed.length ? 1 : 0;
});

function microfastTarget(chapterId: string | undefined, lab: boolean): Target {
  const chapter = chapterId === undefined ? newestChapter("microfast") : chapterArg(chapterId, USAGE);
  if (!chapter) throw new UsageError(`no microfast chapter exists yet\nusage: ${USAGE}`);
  if (chapter.project !== "microfast")
    throw new UsageError(`chapter ${chapter.id} is not a microfast chapter\nusage: ${USAGE}`);
  const dir = lab ? join(labsDir(), chapter.dir) : referenceTree(chapter);
  const tree = lab ? relative(ROOT, dir) : `the reference of chapter ${chapter.id}`;
  const entry = ENTRIES.find((e) => existsSync(join(dir, e)));
  if (!entry)
    throw new UsageError(
      `${tree} has no HTTP server (${ENTRIES.join(", ")})${lab ? `; run pnpm lab ${chapter.id} first` : ""}`,
    );
  return { label: lab ? `microfast (your ${chapter.id})` : `microfast (${chapter.id})`, tree, entry, cwd: dir };
}

async function measure(target: Target, connections: number, durationMs: number): Promise<LoadResult> {
  const server = await startServer(target.entry, target.cwd);
  try {
    const load = { host: server.host, port: server.port, connections, request: REQUEST };
    await runLoad({ ...load, durationMs: WARMUP_MS });
    return await runLoad({ ...load, durationMs });
  } finally {
    await server.stop();
  }
}

function row(label: string, r: LoadResult): string {
  const rate = Math.round(r.responses / (r.elapsedMs / 1_000));
  const ms = (us: number) => (us / 1_000).toFixed(2).padStart(7);
  return `  ${label.padEnd(18)} ${String(rate).padStart(7)} req/s   p50 ${ms(quantile(r.latenciesUs, 0.5))} ms   p99 ${ms(quantile(r.latenciesUs, 0.99))} ms   ${r.responses} responses${r.reconnects ? `, ${r.reconnects} reconnects` : ""}`;
}

function bounded(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(
      `${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}\nusage: ${USAGE}`,
    );
  }
  return Number(text);
}
