// Is this process the one listening on that port? A free port is found by binding port 0 and
// letting it go, so two check workers can, rarely, be handed the same one; the server that
// loses the race exits with EADDRINUSE while a connect to the port still succeeds — to the
// other worker's server. On Linux, /proc tells who owns the listening socket, so a check
// never talks to a server that is not the one it started.
import { readdir, readFile, readlink } from "node:fs/promises";

/** TCP state of a listening socket in /proc/net/tcp (include/net/tcp_states.h: TCP_LISTEN). */
const TCP_LISTEN = "0A";

/** true or false where /proc can tell; undefined elsewhere (macOS), where callers fall back to a connect. */
export async function listensOn(pid: number, port: number): Promise<boolean | undefined> {
  let tables: string[];
  try {
    tables = await Promise.all(
      ["/proc/net/tcp", "/proc/net/tcp6"].map((file) => readFile(file, "utf8").catch(() => "")),
    );
  } catch {
    return undefined;
  }
  if (tables.every((table) => table === "")) return undefined;
  const inodes = new Set<string>();
  for (const line of tables.flatMap((table) => table.split("\n").slice(1))) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (!local || fields[3] !== TCP_LISTEN) continue;
    if (Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16) === port && fields[9]) inodes.add(fields[9]);
  }
  if (inodes.size === 0) return false;
  try {
    const fds = await readdir(`/proc/${pid}/fd`);
    const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")));
    return targets.some((target) => inodes.has(target.slice("socket:[".length, -1)));
  } catch {
    return false; // the process is gone
  }
}
