// One server process (postgres, redis-server, java): started with its output going to a log
// file in its temp directory, probed until it answers, and stopped with the signal that shuts
// it down cleanly. Unless it is meant to outlive us (`pnpm services up`), it is tied to this
// process: killed on exit and watched by an orphan reaper.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cleanupOnExit } from "./process-cleanup.ts";
import { removeDirectory } from "./started-server.ts";

// How long a server gets to shut down on its own before it is killed: postgres' fast shutdown
// and Kafka's controlled shutdown both finish well within this on an idle test server.
const STOP_GRACE_MS = 5000;
// How often readiness is probed: fast enough that startup time is not padded noticeably.
const READY_POLL_MS = 50;
// Lines of the server's own log shown when it fails to start.
const LOG_TAIL_LINES = 15;

const REAPER = fileURLToPath(new URL("./orphan-reaper.mjs", import.meta.url));

export interface ServerSpec {
  /** Used in messages: "postgres", "redis", "kafka". */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Where stdout and stderr go. */
  logFile: string;
  /** The temp directory removed when the server stops. */
  directory: string;
  /** The signal for a clean, quick shutdown (postgres: SIGINT = "fast" shutdown). */
  stopSignal: NodeJS.Signals;
  /** The signal sent if we exit without stopping it (postgres: SIGQUIT frees shared memory). */
  exitSignal: NodeJS.Signals;
  /** true: survive this process (`pnpm services up`); no exit hook, no reaper. */
  detached?: boolean;
  /** Runs after a stop, before the directory is removed: a last look at what the server left. */
  afterStop?: (exit: ServerExit) => void;
}

/** How the server ended: an exit code, or the signal that killed it. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServerProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<ServerExit>;
  private exit: ServerExit | undefined;
  private readonly forgetCleanup: () => void;

  constructor(readonly spec: ServerSpec) {
    const log = openSync(spec.logFile, "a");
    try {
      // spawn itself, not zx: a server outlives the call, writes to a log file, may be detached
      // and unref'd, and is stopped by pid with its own signal, from an exit hook too.
      this.child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.env ?? process.env,
        stdio: ["ignore", log, log],
        detached: spec.detached ?? false,
      });
    } finally {
      closeSync(log);
    }
    this.exited = new Promise((resolve) => {
      const ended = (exit: ServerExit) => {
        this.exit ??= exit;
        resolve(this.exit);
      };
      this.child.once("exit", (code, signal) => ended({ code, signal }));
      // spawn failures (ENOENT, EACCES) arrive as 'error' instead of 'exit'.
      this.child.once("error", () => ended({ code: null, signal: null }));
    });
    // The server must not keep a script's event loop alive: scripts end when their work ends,
    // and the exit hook below stops the server then.
    this.child.unref();
    if (spec.detached || this.child.pid === undefined) {
      this.forgetCleanup = () => undefined;
      return;
    }
    const pid = this.child.pid;
    this.forgetCleanup = cleanupOnExit(() => {
      signal(pid, spec.exitSignal);
      removeDirectory(spec.directory);
    });
    spawn(process.execPath, [REAPER, String(process.pid), String(pid), spec.exitSignal, spec.directory], {
      detached: true,
      stdio: "ignore",
    }).unref();
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.spec.name} did not start (${this.spec.command})`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The last lines of the server's log, for error messages. */
  logTail(lines: number = LOG_TAIL_LINES): string {
    try {
      return readFileSync(this.spec.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }

  /** Polls `probe` until it returns true; fails early, with the log, if the server exits. */
  async waitUntilReady(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) {
        const how = this.exit?.signal ? `was killed by ${this.exit.signal}` : `exited with code ${this.exit?.code}`;
        throw new Error(`${this.spec.name} ${how} while starting; its log ends:\n${this.logTail()}`);
      }
      if (await probe().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new Error(`${this.spec.name} did not answer within ${timeoutMs} ms; its log ends:\n${this.logTail()}`);
      }
      await sleep(READY_POLL_MS);
    }
  }

  /** Stops the server (clean signal, then SIGKILL after a grace period) and removes its files. */
  async stop(): Promise<void> {
    this.forgetCleanup();
    if (this.running && this.child.pid !== undefined) {
      // Keep the event loop alive until the exit is seen (the child was unref'd at start).
      this.child.ref();
      signal(this.child.pid, this.spec.stopSignal);
      const timer = setTimeout(() => this.child.pid !== undefined && signal(this.child.pid, "SIGKILL"), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.exit) this.spec.afterStop?.(this.exit);
    removeDirectory(this.spec.directory);
  }
}

/** Runs a short-lived tool (initdb, a storage formatter) to completion; rejects with its output. */
export function runTool(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; what: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    // spawn, not zx: zx runs a command through a shell, and the exit hook below must kill the
    // tool itself, by its pid, synchronously.
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // If we are stopped mid-way (Ctrl-C during initdb), the tool must not go on writing.
    const forget = cleanupOnExit(() => child.pid !== undefined && signal(child.pid, "SIGKILL"));
    child.once("close", forget);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", (error) => reject(new Error(`${options.what}: ${error.message}`)));
    child.once("exit", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${options.what} failed (exit code ${code}):\n${output.trim()}`));
    });
  });
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
