// The load harness: runs a load generator against one URL, in a process of its own, and reads
// back what it counted. Two generators, one result shape:
//
//   autocannon  JavaScript, the Node world's standard; run from autocannon-run.ts
//   wrk         C, one thread here (-t1); reports through wrk-report.lua
//
// Both are closed-loop: each connection keeps one request in flight and sends the next when the
// answer is complete, so the rate measured is what the server sustains. A timed run ends with
// up to one request per connection in flight: the server served it, the generator never saw
// the answer and does not count it.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { ROOT } from "../../shared/course/chapters.ts";
import { track } from "./children.ts";
import { compile } from "./compile.ts";

export const GENERATORS = ["autocannon", "wrk"] as const;
export type GeneratorName = (typeof GENERATORS)[number];

/** What one generator counted in one run against one server. */
export interface LoadRun {
  readonly generator: GeneratorName;
  /** Complete responses received. */
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses that were not 2xx (wrk counts statuses of 400 and above). */
  readonly non2xx: number;
  /** Connection errors: refused, reset, timed out. */
  readonly errors: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** autocannon only: send exactly this many requests instead of running for `seconds`. */
  readonly amount?: number;
}

const BENCH_DIR = join(ROOT, "scripts", "bench");
const WRK_SCRIPT = join(BENCH_DIR, "wrk-report.lua");
/** Where Debian's `apt-get install wrk` puts it; else it is looked for on PATH. */
const WRK_DEFAULT = "/usr/bin/wrk";
/** wrk's own default is 2 s; a busy two-core machine can stall a response that long without the server being wrong. */
const WRK_TIMEOUT = "10s";
/** Time a generator gets on top of its run (start, compile, report) before it is killed. */
const SLACK_MS = 30_000;

/** The wrk executable, or undefined when it is not installed. */
export function findWrk(): string | undefined {
  const candidates = [WRK_DEFAULT, ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "wrk"))];
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The command line a reader would type to repeat a run by hand. */
export function generatorCommand(generator: GeneratorName, connections: number, seconds: number): string {
  return generator === "wrk" ? `wrk -t1 -c${connections} -d${seconds}s` : `autocannon -c ${connections} -d ${seconds}`;
}

export async function runLoad(generator: GeneratorName, options: LoadOptions): Promise<LoadRun> {
  if (generator === "autocannon") {
    const file = await autocannonRunner();
    const args = {
      url: options.url,
      connections: options.connections,
      seconds: options.seconds,
      amount: options.amount,
    };
    const out = await run(process.execPath, ["--enable-source-maps", file, JSON.stringify(args)], options);
    const line = out.split("\n").find((l) => l.startsWith("{"));
    if (!line) throw new Error(`autocannon printed no result:\n${out}`);
    return JSON.parse(line) as LoadRun;
  }
  if (options.amount !== undefined) throw new Error("wrk runs for a time, not for a number of requests");
  const wrk = findWrk();
  if (!wrk) throw new Error("wrk is not installed (apt-get install wrk)");
  const args = ["-t1", `-c${options.connections}`, `-d${options.seconds}s`, "--timeout", WRK_TIMEOUT, "-s", WRK_SCRIPT];
  const out = await run(wrk, [...args, options.url], options);
  return parseWrkReport(out);
}

/** Reads the line wrk-report.lua prints among wrk's own output. */
export function parseWrkReport(out: string): LoadRun {
  const line = out.split("\n").find((l) => l.startsWith("WRK_REPORT "));
  if (!line) throw new Error(`wrk printed no report:\n${out}`);
  const report = JSON.parse(line.slice("WRK_REPORT ".length)) as {
    requests: number;
    durationUs: number;
    p50Us: number;
    p99Us: number;
    errors: { connect: number; read: number; write: number; status: number; timeout: number };
  };
  const seconds = report.durationUs / 1e6;
  const { connect, read, write, status, timeout } = report.errors;
  return {
    generator: "wrk",
    requests: report.requests,
    seconds,
    requestsPerSecond: report.requests / seconds,
    p50Ms: report.p50Us / 1_000,
    p99Ms: report.p99Us / 1_000,
    non2xx: status,
    errors: connect + read + write + timeout,
  };
}

let runner: Promise<string> | undefined;

/** autocannon-run.ts compiled once per process; npm packages stay imports from node_modules. */
function autocannonRunner(): Promise<string> {
  runner ??= compile(BENCH_DIR, "autocannon-run.ts", { packages: "external" }).then((built) => built.file);
  return runner;
}

/** Runs a generator to its end and returns its stdout; killed if it overruns its time. */
function run(command: string, args: string[], options: LoadOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] }));
    let out = "";
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2_000)));
    const limit = options.amount === undefined ? options.seconds * 1_000 + SLACK_MS : 2 * SLACK_MS;
    const timer = setTimeout(() => child.kill("SIGKILL"), limit);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else {
        const why = signal ? `was killed (${signal}) after ${limit / 1_000} s` : `exited with code ${code}`;
        reject(new Error(`${command} ${args.join(" ")} ${why}${err ? `:\n${err.trim()}` : ""}`));
      }
    });
  });
}
