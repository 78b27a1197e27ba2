// The servers under measurement. Each runs as compiled JavaScript (compile.ts) in a child
// process of its own, on a free loopback port — on two cores, its own core — so a server never
// competes with the bench or the load generator for an event loop.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { canConnect, stopChild } from "../../shared/check/child-server.ts";
import { ROOT } from "../../shared/course/chapters.ts";
import { freePort, LOOPBACK } from "../../shared/services/free-port.ts";
import { track } from "./children.ts";
import { type Compiled, compile } from "./compile.ts";
import { type Answer, askHello, helloProblem } from "./exchange.ts";

const READY_TIMEOUT_MS = 15_000;
const ANSWER_TIMEOUT_MS = 5_000;
const BENCH_DIR = join(ROOT, "scripts", "bench");

/** A program to measure: an entry inside a tree. */
export interface ServerSpec {
  readonly name: string;
  readonly root: string;
  readonly entry: string;
  /** The baselines import npm packages, loaded from node_modules as published; microfast imports none. */
  readonly packages: "bundle" | "external";
}

export interface BenchServer {
  readonly name: string;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** Its answer to GET /, checked against microfast's demo before anything is measured. */
  readonly answer: Answer;
  stop(): Promise<void>;
}

/** The servers microfast is measured against; node:http is the one every ratio divides by. */
export const BASELINE = "node:http";
export const BASELINES: readonly ServerSpec[] = [
  { name: BASELINE, root: BENCH_DIR, entry: "node-http-hello.ts", packages: "external" },
  { name: "Fastify", root: BENCH_DIR, entry: "fastify-hello.ts", packages: "external" },
  { name: "Express", root: BENCH_DIR, entry: "express-hello.ts", packages: "external" },
  { name: "node:net canned", root: BENCH_DIR, entry: "net-canned-hello.ts", packages: "external" },
];

/**
 * `--only demo`: node:http giving the very response of microfast's demo to GET / (its fields and
 * a fresh X-Request-ID each time), the one server the bar compares the demo with.
 */
export const DEMO_BASELINE: ServerSpec = {
  name: BASELINE,
  root: BENCH_DIR,
  entry: "node-http-demo.ts",
  packages: "external",
};

export function compileServer(spec: ServerSpec): Promise<Compiled> {
  return compile(spec.root, spec.entry, { packages: spec.packages });
}

/** Starts a compiled server, waits until it listens and checks its answer to GET /. */
export async function startServer(
  name: string,
  built: Compiled,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const port = await freePort();
  const child = track(
    // No --enable-source-maps: with it, every Error a server creates costs more (microfast
    // measured about 5 % slower), and a production server runs without it too. A crash still
    // names the bundle's line, under a comment naming the TypeScript file it came from.
    spawn(process.execPath, [built.file], {
      cwd: built.dir,
      env: { ...process.env, ...env, HOST: LOOPBACK, PORT: String(port), NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "pipe"],
    }),
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  const fail = (why: string): never => {
    child.kill("SIGKILL");
    throw new Error(`${name} ${why}${stderr ? `; its last output:\n${stderr.trim()}` : ""}`);
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await canConnect(LOOPBACK, port))) {
    if (child.exitCode !== null) fail(`exited with code ${child.exitCode} before listening`);
    if (Date.now() > deadline) fail(`did not listen on ${LOOPBACK}:${port} within ${READY_TIMEOUT_MS / 1_000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let answer: Answer | undefined;
  try {
    answer = await askHello(LOOPBACK, port, ANSWER_TIMEOUT_MS);
  } catch (error) {
    fail(`did not answer GET /: ${(error as Error).message}`);
  }
  const problem = helloProblem(answer!);
  if (problem) fail(`is not measured: to GET / it ${problem}`);
  return {
    name,
    url: `http://${LOOPBACK}:${port}/`,
    host: LOOPBACK,
    port,
    pid: child.pid!,
    answer: answer!,
    stop: () => stopChild(child),
  };
}
