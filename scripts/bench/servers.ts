// Starts a server program as a child process on a free loopback port and waits until it
// accepts connections. The server gets its own process (and, on two cores, its own core) so
// the load generator never competes with it for the event loop.
import { spawn } from "node:child_process";
import { canConnect, stopChild, TSX_LOADER } from "../../shared/check/child-server.ts";
import { freePort, LOOPBACK } from "../../shared/services/free-port.ts";

const READY_TIMEOUT_MS = 15_000;

export interface BenchServer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startServer(entry: string, cwd: string): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", TSX_LOADER, entry], {
    cwd,
    env: { ...process.env, HOST: LOOPBACK, PORT: String(port), NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  process.once("exit", () => child.kill("SIGKILL"));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await canConnect(LOOPBACK, port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${entry} did not start listening on ${LOOPBACK}:${port}${stderr ? `:\n${stderr.trim()}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { host: LOOPBACK, port, stop: () => stopChild(child) };
}
