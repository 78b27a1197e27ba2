// Servers started by hand with `pnpm services up`: detached from the command that started
// them, recorded in .trilogy/services.json (git-ignored, per checkout), stopped by `down`.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sleep } from "./server-process.ts";
import { removeDirectory } from "./started-server.ts";
import type { Endpoint, ServiceName } from "./types.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const STATE_FILE = join(REPO_ROOT, ".trilogy", "services.json");
// How long `down` waits for a clean shutdown before killing (as ServerProcess does).
const STOP_GRACE_MS = 10_000;
const STOP_POLL_MS = 100;

export interface ManualService {
  pid: number;
  directory: string;
  stopSignal: NodeJS.Signals;
  version: string;
  endpoint: Endpoint;
  startedAt: string;
}

export type ManualState = Partial<Record<ServiceName, ManualService>>;

export function readState(): ManualState {
  if (!existsSync(STATE_FILE)) return {};
  try {
    return JSON.parse(readFileSync(STATE_FILE, "utf8")) as ManualState;
  } catch {
    return {};
  }
}

export function writeState(state: ManualState): void {
  if (Object.keys(state).length === 0) {
    rmSync(STATE_FILE, { force: true });
    return;
  }
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but run as another user (postgres as `nobody` when we are root).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Stops a recorded server: its clean-shutdown signal, then SIGKILL; removes its files. */
export async function stopManual(service: ManualService): Promise<void> {
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(service.pid, signal);
    } catch {
      // Already gone.
    }
  };
  if (isAlive(service.pid)) {
    kill(service.stopSignal);
    const deadline = Date.now() + STOP_GRACE_MS;
    while (isAlive(service.pid) && Date.now() < deadline) await sleep(STOP_POLL_MS);
    if (isAlive(service.pid)) kill("SIGKILL");
  }
  removeDirectory(service.directory);
}

/** How to reach a server by hand: a client command and the variable that points checks at it. */
export function connectionLines(endpoint: Endpoint): string[] {
  switch (endpoint.service) {
    case "postgres":
      return [`psql ${endpoint.url}`, `export LABS_POSTGRES_URL=${endpoint.url}`];
    case "redis":
      return [`redis-cli -h ${endpoint.host} -p ${endpoint.port}`, `export LABS_REDIS_URL=${endpoint.url}`];
    case "kafka":
      return [`brokers: ${endpoint.brokers.join(",")}`, `export LABS_KAFKA_BROKERS=${endpoint.brokers.join(",")}`];
  }
}
