// Runs the learner's server as a child process, so a crash, an infinite loop or a stray
// console.log in their code can never take the grader down with it.
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { ROOT } from "../course/chapters.ts";
import { LOOPBACK, onFreePort } from "../services/free-port.ts";
import { canConnect, LAB_ALIAS, ORPHAN_GUARD, stopChild, TSX_LOADER } from "./child-server.ts";
import { CheckFailure } from "./failure.ts";
import { labPath, targetDir } from "./lab.ts";
import { listensOn } from "./port-owner.ts";

/** How long a server may take to start listening: tsx compiles on the fly, which takes ~0.5 s. */
export const READY_TIMEOUT_MS = 10_000;
/** How much of the server's recent output is kept to explain a crash. */
const OUTPUT_TAIL_BYTES = 2_000;
const HOST = LOOPBACK;

export interface LabServer {
  host: string;
  port: number;
  pid: number;
  /** The last lines the server printed (stdout and stderr), for failure messages. */
  outputTail(): string;
  /** Why the server is gone, if it is: "your server exited with code 1 …". */
  exitReason(): string | undefined;
  /** Resident set size of the server process, in bytes. */
  rssBytes(): Promise<number>;
  /** CPU time the server process has used (all its threads), in clock ticks; undefined without /proc. */
  cpuTicks(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * What a check starts: a program of the tree under grade ("src/echo/main.ts"), or a test app that
 * lives with the checks and imports the tree as "@lab/src/…" (`new URL("./apps/x.ts", import.meta.url)`).
 */
export type ServerEntry = string | URL;

/** Servers still running: killed when this worker exits. One exit listener for all of them, not one each. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startLabServer(entry: ServerEntry, env: Record<string, string> = {}): Promise<LabServer> {
  let server: LabServer | undefined;
  return onFreePort(
    async (port) => {
      server = spawnLabServer(entry, env, port);
      await waitUntilListening(server, entry);
      return server;
    },
    () => server !== undefined && lostPortRace(server),
  );
}

function spawnLabServer(entry: ServerEntry, env: Record<string, string>, port: number): LabServer {
  const file = entry instanceof URL ? fileURLToPath(entry) : labPath(entry);
  const child = spawn(
    process.execPath,
    ["--import", TSX_LOADER, "--import", ORPHAN_GUARD, "--import", LAB_ALIAS, file],
    {
      cwd: targetDir(),
      env: { ...process.env, ...env, HOST, PORT: String(port), FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_BYTES);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exit: string | undefined;
  running.add(child);
  child.on("exit", (code, signal) => {
    running.delete(child);
    exit = signal ? `your server was killed by ${signal}` : `your server exited with code ${code}`;
  });

  return {
    host: HOST,
    port,
    pid: child.pid ?? -1,
    outputTail: () => tail.trim(),
    exitReason: () => (exit ? `${exit}; its last output was:\n${indent(cleanOutput(tail))}` : undefined),
    rssBytes: () => rssOf(child.pid ?? -1),
    cpuTicks: () => cpuTicksOf(child.pid ?? -1),
    stop: () => stopChild(child),
  };
}

/** A server that exited because its port was taken, which only our choice of port can cause. */
function lostPortRace(server: LabServer): boolean {
  return server.exitReason() !== undefined && server.outputTail().includes("EADDRINUSE");
}

/**
 * Starts the server before the tests of the enclosing describe block and stops it after.
 * Returns a getter because the server exists only once beforeAll has run.
 */
export function useLabServer(entry: ServerEntry, env: Record<string, string> = {}): () => LabServer {
  let server: LabServer | undefined;
  beforeAll(async () => {
    server = await startLabServer(entry, env);
  }, READY_TIMEOUT_MS + 2_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error("the lab server did not start (see the failure above)");
    return server;
  };
}

async function waitUntilListening(server: LabServer, entry: ServerEntry): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const name =
    entry instanceof URL ? `the checks' app ${relative(ROOT, fileURLToPath(entry))} (it runs your code)` : entry;
  while (Date.now() < deadline) {
    const reason = server.exitReason();
    if (reason) {
      throw new CheckFailure("your server exited before accepting a connection", {
        kind: "exited",
        expected: `${name} to listen on ${server.host}:${server.port}`,
        received: reason,
        hint:
          entry instanceof URL
            ? "The stack trace above names the file and line of your code that failed while the app started."
            : `Run it yourself to see it fail: pnpm exec tsx ${entry} (from your copy's folder)`,
      });
    }
    // Where /proc can tell, the listener must be our own child, not another server on a reused port.
    const own = await listensOn(server.pid, server.port);
    if (own === true || (own === undefined && (await canConnect(server.host, server.port)))) return;
    await sleep(50);
  }
  await server.stop();
  throw new CheckFailure(`your server did not accept a connection within ${READY_TIMEOUT_MS / 1000}s`, {
    kind: "timeout",
    expected: `a TCP listener on ${server.host}:${server.port} (read from the HOST and PORT environment variables)`,
    received: `no listener; its last output was:\n${indent(server.outputTail() || "(nothing)")}`,
    hint: "Does your code call server.listen(port, host) with the values from process.env?",
  });
}

async function cpuTicksOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The fields after the command name (in parentheses, and it may hold spaces): utime and stime
    // are the 14th and 15th of the line, and count libuv's file-reading threads too.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined; // not Linux
  }
}

async function rssOf(pid: number): Promise<number> {
  // Linux: /proc is exact and cheap. Elsewhere (macOS), ps reports the same figure in KiB.
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // not Linux
  }
  const { execFileSync } = await import("node:child_process");
  return Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) * 1024;
}

/** The output a learner needs: their own stack frames, not Node's internals. */
export function cleanOutput(text: string): string {
  const kept = text
    .split("\n")
    .filter((line) => !/^\s+at .*(node:internal|node_modules)/.test(line) && !/^Node\.js v\d/.test(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return kept || "(nothing)";
}

export function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((line) => by + line)
    .join("\n");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
