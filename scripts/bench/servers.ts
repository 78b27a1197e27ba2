// Starts a server program as a child process on a free loopback port and waits until it
// accepts connections. The server gets its own process (and, on two cores, its own core) so
// the load generator never competes with it for the event loop.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { pathToFileURL } from "node:url";

const HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 15_000;
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface BenchServer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startServer(entry: string, cwd: string): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", TSX_LOADER, entry], {
    cwd,
    env: { ...process.env, HOST, PORT: String(port), NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  process.once("exit", () => child.kill("SIGKILL"));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${entry} did not start listening on ${HOST}:${port}${stderr ? `:\n${stderr.trim()}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { host: HOST, port, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
