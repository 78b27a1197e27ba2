// `pnpm bench microfast`: how many requests per second microfast's hello-world route serves,
// and how fast, next to node:http, Fastify, Express and a raw node:net server that writes a
// canned answer — in one run, on loopback, each server compiled and in a process of its own.
// Rounds alternate between the servers (each round in a rotated order), so a slow minute of the
// machine lands on all of them; the report gives each server's median and its ratio to
// node:http, as a table, a JSON file, a markdown file and an SVG chart.
//
// `--memory` measures instead what 5,000 idle keep-alive connections cost microfast and
// node:http in resident memory.
//
// `--only demo` measures exactly the course's bar for the demo: its GET / against a node:http
// server that answers with the same fields and body (node-http-demo.ts), with wrk alone, and
// says whether the demo makes 1.5 times node:http's requests/s (median of the rounds' ratios)
// with a p99 no worse; with `--memory`, whether 5,000 idle connections grow it by under 150 MB.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, type } from "node:os";
import { join, relative, resolve } from "node:path";
import pc from "picocolors";
import { labsDir, newestChapter, ROOT } from "../shared/course/chapters.ts";
import { publishPart } from "../shared/course/parts.ts";
import { referenceTree } from "../shared/course/trees.ts";
import { svgChart } from "./bench/chart.ts";
import { killAll } from "./bench/children.ts";
import { type Compiled, CompileError } from "./bench/compile.ts";
import { findWrk, GENERATORS, type GeneratorName, generatorCommand, runLoad } from "./bench/load.ts";
import { descriptorProblem, HOLD_IDLE_TIMEOUT_MS, type MemoryResult, measureMemory } from "./bench/memory.ts";
import { describeMachine, describeRun, GENERATOR_NOTE, markdownReport, textTable } from "./bench/report.ts";
import {
  type BenchReport,
  failures,
  type GeneratorResult,
  type Machine,
  type Measurement,
  type Settings,
  summarise,
  toJson,
} from "./bench/results.ts";
import {
  BASELINE,
  BASELINES,
  type BenchServer,
  compileServer,
  DEMO_BASELINE,
  type ServerSpec,
  startServer,
} from "./bench/servers.ts";
import { boundedInt, chapterArg, main, parse, UsageError } from "./lib/cli.ts";

const USAGE =
  "pnpm bench microfast [--chapter NN] [--lab] [--seconds 1-60] [--connections N] [--rounds 1-9] [--warmup 0-10] [--generator autocannon|wrk|both] [--out DIR] [--memory] [--only demo]";
/** The server each chapter's lesson runs: the app of chapter 06 on, the router of 05, else 02–04's server. */
const ENTRIES = ["src/microfast/demo.ts", "src/router/main.ts", "src/http/main.ts"];
/** A first run per server and generator, not counted: the JIT compiles the hot path during it (--warmup). */
const WARMUP_SECONDS = "1";
/** --connections: the default of a speed run (the issue's `wrk -c50`) and of the memory mode. */
const SPEED_CONNECTIONS = 50;
const MEMORY_CONNECTIONS = 5_000;
const MAX_SPEED_CONNECTIONS = 1_000;
const MAX_MEMORY_CONNECTIONS = 20_000;
/** Where reports go without --out: git-ignored. docs/bench/ holds the committed one. */
const DEFAULT_OUT = join(ROOT, ".cache", "bench");
/** The bar of --only demo: the demo's requests/s over node:http's, median of the rounds' ratios. */
const DEMO_RATIO_BAR = 1.5;
/** The bar of --only demo --memory: the demo's growth in resident memory with 5,000 idle connections. */
const DEMO_MEMORY_BAR_MB = 150;
/** Ctrl-C's exit code, as a shell reports it (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

await main(async () => {
  // `pnpm bench tinyorm` and `pnpm bench unamex` have options of their own: scripts/bench/*/main.ts.
  if (process.argv[2] === "tinyorm") {
    publishPart("tinyorm");
    const { benchTinyorm } = await import("./bench/tinyorm/main.ts");
    return benchTinyorm(process.argv.slice(2));
  }
  if (process.argv[2] === "unamex") {
    publishPart("unamex");
    const { benchUnamex } = await import("./bench/unamex/main.ts");
    return benchUnamex(process.argv.slice(2));
  }
  const { values, positionals } = parse(USAGE, {
    chapter: { type: "string" },
    lab: { type: "boolean", default: false },
    seconds: { type: "string", default: "5" },
    connections: { type: "string" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: WARMUP_SECONDS },
    generator: { type: "string", default: "both" },
    out: { type: "string" },
    memory: { type: "boolean", default: false },
    only: { type: "string" },
  });
  if (positionals.length !== 1 || positionals[0] !== "microfast") {
    const what = positionals.length ? `unknown benchmark "${positionals.join(" ")}";` : "which benchmark?";
    throw new UsageError(`${what} available: microfast, tinyorm, unamex\nusage: ${USAGE}`);
  }
  const seconds = boundedInt("--seconds", values.seconds, 1, 60, USAGE);
  const rounds = boundedInt("--rounds", values.rounds, 1, 9, USAGE);
  const warmupSeconds = boundedInt("--warmup", values.warmup, 0, 10, USAGE);
  const connections = values.memory
    ? boundedInt("--connections", values.connections ?? String(MEMORY_CONNECTIONS), 1, MAX_MEMORY_CONNECTIONS, USAGE)
    : boundedInt("--connections", values.connections ?? String(SPEED_CONNECTIONS), 1, MAX_SPEED_CONNECTIONS, USAGE);
  if (!["autocannon", "wrk", "both"].includes(values.generator)) {
    throw new UsageError(
      `--generator must be autocannon, wrk or both, not ${JSON.stringify(values.generator)}\nusage: ${USAGE}`,
    );
  }
  if (values.only !== undefined && values.only !== "demo")
    throw new UsageError(`--only takes demo, not ${JSON.stringify(values.only)}\nusage: ${USAGE}`);
  const demoBar = values.only === "demo";
  if (demoBar && values.generator !== "both" && values.generator !== "wrk")
    throw new UsageError(`--only demo measures with wrk alone\nusage: ${USAGE}`);
  const out = resolve(values.out ?? DEFAULT_OUT);
  const microfast = microfastTarget(values.chapter, values.lab);

  // Ctrl-C or a SIGTERM: no server or generator may outlive the bench.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killAll();
      process.stderr.write(`\nbench stopped (${signal}); its servers are stopped too\n`);
      process.exit(EXIT_INTERRUPTED);
    });
  }
  try {
    if (values.memory) return await memoryRun(microfast, connections, out, demoBar);
    const generators = chooseGenerators(demoBar ? "wrk" : (values.generator as GeneratorName | "both"));
    if (typeof generators === "string") {
      process.stderr.write(`${generators}\n`);
      return 1;
    }
    return await speedRun(microfast, generators, { seconds, connections, rounds, warmupSeconds }, out, demoBar);
  } catch (error) {
    // A server that does not compile, start or answer, a generator that fails: one message,
    // which names the server or the file and line; the servers are stopped already.
    if (!(error instanceof Error)) throw error;
    process.stderr.write(`${error instanceof CompileError ? "" : `${pc.red("failed")}: `}${error.message}\n`);
    return 1;
  }
});

interface Target {
  readonly spec: ServerSpec;
  /** "src/microfast/demo.ts of the reference of chapter 08" */
  readonly description: string;
}

function microfastTarget(chapterId: string | undefined, lab: boolean): Target {
  const chapter = chapterId === undefined ? newestChapter("microfast") : chapterArg(chapterId, USAGE);
  if (!chapter) throw new UsageError(`no microfast chapter exists yet\nusage: ${USAGE}`);
  if (chapter.project !== "microfast")
    throw new UsageError(`chapter ${chapter.id} is not a microfast chapter\nusage: ${USAGE}`);
  const root = lab ? join(labsDir(), chapter.dir) : referenceTree(chapter);
  const tree = lab ? relative(ROOT, root) : `the reference of chapter ${chapter.id}`;
  const entry = ENTRIES.find((e) => existsSync(join(root, e)));
  if (!entry)
    throw new UsageError(
      `${tree} has no HTTP server (${ENTRIES.join(", ")})${lab ? `; run pnpm lab ${chapter.id} first` : ""}`,
    );
  const name = lab ? `microfast (your ${chapter.id})` : `microfast (${chapter.id})`;
  return { spec: { name, root, entry, packages: "bundle" }, description: `${entry} of ${tree}` };
}

/** Both generators unless one is asked for; wrk only where it is installed. A string says why none can run. */
function chooseGenerators(asked: GeneratorName | "both"): GeneratorName[] | string {
  const wrk = findWrk() !== undefined;
  if (asked === "wrk" && !wrk) return "wrk is not installed (apt-get install wrk, or brew install wrk)";
  if (asked !== "both") return [asked];
  if (!wrk)
    console.log(pc.yellow("wrk is not installed: measuring with autocannon alone (apt-get install wrk adds it)"));
  return GENERATORS.filter((g) => g !== "wrk" || wrk);
}

async function speedRun(
  target: Target,
  generators: GeneratorName[],
  settings: Settings,
  out: string,
  demoBar: boolean,
): Promise<number> {
  const specs = demoBar ? [target.spec, DEMO_BASELINE] : [target.spec, ...BASELINES];
  const date = new Date().toISOString();
  const machine = machineNow();
  const perServer = settings.warmupSeconds + settings.rounds * settings.seconds;
  const estimate = generators.length * specs.length * perServer;
  console.log(`${pc.bold("bench microfast")} (about ${estimate} s)`);
  console.log(pc.dim(describeRun({ request: "GET /", microfast: target.description, settings })));
  const builds = await compileAll(specs);
  const servers: BenchServer[] = [];
  const results: GeneratorResult[] = [];
  try {
    for (const [i, spec] of specs.entries()) servers.push(await startServer(spec.name, builds[i]!));
    console.log(
      pc.dim(
        `every server answers GET / with 200 text/plain "Hello, World!"${demoBar ? " and the demo's fields" : ""}: ${servers.map((s) => `${s.name} ${s.answer.bytes} bytes`).join(", ")}`,
      ),
    );
    for (const generator of generators) {
      const command = generatorCommand(generator, settings.connections, settings.seconds);
      console.log(pc.bold(`\n${command}`));
      const load = { connections: settings.connections, seconds: settings.seconds };
      if (settings.warmupSeconds > 0) {
        for (const server of servers)
          await runLoad(generator, { ...load, url: server.url, seconds: settings.warmupSeconds });
      }
      const rounds = new Map<string, Measurement[]>(servers.map((s) => [s.name, []]));
      for (let round = 1; round <= settings.rounds; round++) {
        // Round r starts at server r−1: over the rounds each server is measured early and late.
        const order = servers.map((_, i) => servers[(i + round - 1) % servers.length]!);
        for (const server of order) {
          const { generator: _, ...run } = await runLoad(generator, { ...load, url: server.url });
          rounds.get(server.name)!.push({ round, ...run });
          console.log(
            pc.dim(
              `  round ${round}/${settings.rounds}  ${server.name.padEnd(18)} ${Math.round(run.requestsPerSecond).toLocaleString("en-US").padStart(8)} req/s  p99 ${run.p99Ms.toFixed(2)} ms  load ${loadavg()[0]!.toFixed(2)}${run.non2xx || run.errors ? pc.red(`  ${run.non2xx} non-2xx, ${run.errors} errors`) : ""}`,
            ),
          );
        }
      }
      const summary = servers.map((s) => ({
        name: s.name,
        response: { bytes: s.answer.bytes, headers: s.answer.headers.length },
        rounds: rounds.get(s.name)!,
      }));
      results.push({ generator, command, servers: summarise(summary, BASELINE) });
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }

  const report: BenchReport = {
    benchmark: "microfast",
    request: "GET /",
    date,
    machine,
    settings,
    microfast: target.description,
    generators: results,
  };
  console.log(textTable(report));
  console.log(`\n${GENERATOR_NOTE}`);
  console.log(pc.dim(describeMachine(report)));
  mkdirSync(out, { recursive: true });
  const stem = demoBar ? "microfast-demo" : "microfast";
  writeFileSync(join(out, `${stem}.json`), toJson(report));
  writeFileSync(join(out, `${stem}.md`), markdownReport(report, `${stem}.svg`));
  writeFileSync(join(out, `${stem}.svg`), svgChart(report));
  console.log(
    `written: ${["json", "md", "svg"].map((ext) => relative(process.cwd(), join(out, `${stem}.${ext}`))).join(", ")}`,
  );

  const failed = failures(report);
  if (demoBar) {
    const [demo, base] = [report.generators[0]!.servers[0]!, report.generators[0]!.servers[1]!];
    const met = demo.ratio >= DEMO_RATIO_BAR && demo.median.p99Ms <= base.median.p99Ms;
    console.log(
      `${pc.bold("the bar")}: demo GET / at ≥ ${DEMO_RATIO_BAR}× node:http requests/s, p99 no worse — ${demo.ratio.toFixed(2)}× (median of ${settings.rounds} rounds), p99 ${demo.median.p99Ms.toFixed(2)} ms vs ${base.median.p99Ms.toFixed(2)} ms, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}: ${met ? pc.green("met") : pc.red("not met")}`,
    );
    if (!met) failed.push("the demo does not meet the bar");
  }
  for (const line of failed) process.stderr.write(`${pc.red("failed")}: ${line}\n`);
  return failed.length ? 1 : 0;
}

async function memoryRun(target: Target, connections: number, out: string, demoBar: boolean): Promise<number> {
  const problem = descriptorProblem(connections);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 1;
  }
  const specs = [target.spec, demoBar ? DEMO_BASELINE : BASELINES.find((b) => b.name === BASELINE)!];
  console.log(
    `${pc.bold("bench microfast --memory")}: ${connections.toLocaleString("en-US")} keep-alive connections to each server, each answered once, then held idle; the growth of the server's resident memory (VmRSS)`,
  );
  console.log(pc.dim(`microfast is ${target.description}, compiled with esbuild`));
  const builds = await compileAll(specs);
  const results: MemoryResult[] = [];
  for (const [i, spec] of specs.entries()) {
    const server = await startServer(spec.name, builds[i]!, { IDLE_TIMEOUT_MS: String(HOLD_IDLE_TIMEOUT_MS) });
    try {
      results.push(await measureMemory(server, connections));
    } finally {
      await server.stop();
    }
  }
  const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
  const rows = [
    ["server", "before", "held", "growth", "open at reading"],
    ...results.map((r) => [
      r.name,
      mib(r.beforeKiB),
      mib(r.afterKiB),
      `${r.afterKiB >= r.beforeKiB ? "+" : "−"}${mib(Math.abs(r.afterKiB - r.beforeKiB))}`,
      `${r.openAtReading}/${r.connections}`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows)
    console.log(`  ${row.map((cell, i) => (i ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ")}`);

  mkdirSync(out, { recursive: true });
  const file = join(out, "microfast-memory.json");
  const report = {
    benchmark: "microfast --memory",
    date: new Date().toISOString(),
    machine: machineNow(),
    connections,
    microfast: target.description,
    servers: results.map((r) => ({ ...r, growthKiB: r.afterKiB - r.beforeKiB })),
  };
  writeFileSync(file, toJson(report));
  console.log(`written: ${relative(process.cwd(), file)}`);
  // A server that dropped connections before the reading held fewer than asked: no valid number.
  const dropped = results.filter((r) => r.openAtReading < r.connections);
  for (const r of dropped)
    process.stderr.write(
      `${pc.red("failed")}: ${r.name} closed ${r.connections - r.openAtReading} of the connections before the reading\n`,
    );
  if (demoBar) {
    const growthMb = ((results[0]!.afterKiB - results[0]!.beforeKiB) * 1024) / 1e6;
    const met = growthMb < DEMO_MEMORY_BAR_MB;
    console.log(
      `${pc.bold("the bar")}: ${connections.toLocaleString("en-US")} idle keep-alive connections grow the demo by < ${DEMO_MEMORY_BAR_MB} MB — ${growthMb.toFixed(1)} MB: ${met ? pc.green("met") : pc.red("not met")}`,
    );
    if (!met) return 1;
  }
  return dropped.length ? 1 : 0;
}

/** Every program compiled before any starts, so a compile error stops the bench before it measures. */
function compileAll(specs: readonly ServerSpec[]): Promise<Compiled[]> {
  return Promise.all(specs.map(compileServer));
}

function machineNow(): Machine {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown CPU",
    os: `${type()} ${release()}`,
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
