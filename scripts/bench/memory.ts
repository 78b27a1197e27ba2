// The memory mode: what idle keep-alive connections cost a server. Thousands of clients open a
// connection, ask once and then sit idle (browsers keep theirs open for minutes); the server
// holds a socket, its buffers and its per-connection state for each. Measured as the growth of
// the server process's resident memory (VmRSS in /proc/<pid>/status) from before the
// connections to while they are all held.
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { exchange, HELLO_REQUEST } from "./exchange.ts";
import type { BenchServer } from "./servers.ts";

/** Connections being opened at once: more would overflow the server's accept queue on a busy machine. */
const OPEN_AT_ONCE = 200;
/** All connections must be open and answered within this, or the measurement fails. */
const OPEN_DEADLINE_MS = 120_000;
/** After the last answer, time for the server to finish what it does after answering. */
const SETTLE_MS = 1_000;
/** File descriptors besides the connections: the bench's own files, pipes and sockets. */
const SPARE_DESCRIPTORS = 100;

/**
 * How long the servers keep an idle connection in this mode (IDLE_TIMEOUT_MS): longer than the
 * whole measurement, so no connection is dropped before its memory is counted.
 */
export const HOLD_IDLE_TIMEOUT_MS = 600_000;

export interface MemoryResult {
  readonly name: string;
  /** Connections opened, each answered once. */
  readonly connections: number;
  /** Connections still open when the memory was read: all of them, unless the server dropped some. */
  readonly openAtReading: number;
  readonly beforeKiB: number;
  readonly afterKiB: number;
}

/** A process's resident memory in KiB, from /proc (Linux). */
export function residentKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * How many files this process may open. Node raises its own soft limit to the hard limit at
 * start-up, so what is read here is all a child could get too; a shell's `ulimit -n` cannot
 * go higher without root.
 */
export function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return line?.[1] === "unlimited" ? Number.POSITIVE_INFINITY : line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Why `connections` cannot be held on this machine, or undefined if they can. */
export function descriptorProblem(connections: number): string | undefined {
  const limit = openFileLimit();
  if (limit === undefined) return "the memory mode reads /proc, which this system does not have (it needs Linux)";
  if (limit >= connections + SPARE_DESCRIPTORS) return undefined;
  return `${connections} connections need ${connections + SPARE_DESCRIPTORS} open files per process, and this system allows ${limit}: raise the hard limit (ulimit -Hn as root, or nofile in /etc/security/limits.conf) or pass a smaller --connections`;
}

export async function measureMemory(server: BenchServer, connections: number): Promise<MemoryResult> {
  const beforeKiB = residentKiB(server.pid);
  const sockets: Socket[] = [];
  let closed = 0;
  const deadline = Date.now() + OPEN_DEADLINE_MS;
  try {
    for (let started = 0; started < connections; started += OPEN_AT_ONCE) {
      const batch = Array.from({ length: Math.min(OPEN_AT_ONCE, connections - started) }, async () => {
        const socket = connect({ host: server.host, port: server.port });
        const number = sockets.push(socket);
        socket.once("close", () => closed++);
        const answer = await exchange(socket, HELLO_REQUEST, Math.max(1, deadline - Date.now())).catch(
          (error: Error) => {
            throw new Error(`${server.name}, connection ${number} of ${connections}: ${error.message}`);
          },
        );
        if (answer.status !== 200) throw new Error(`${server.name} answered ${answer.status}, not 200`);
      });
      await Promise.all(batch);
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const afterKiB = residentKiB(server.pid);
    return { name: server.name, connections, openAtReading: sockets.length - closed, beforeKiB, afterKiB };
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}
