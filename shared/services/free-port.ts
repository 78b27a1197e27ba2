// Free loopback ports for the servers we start. The kernel picks an unused ephemeral port when
// asked for port 0; we close the probe socket and hand the number to the server. Another
// process could take it in between; on a busy machine that happens, so a lab server that exits
// with EADDRINUSE is started again on another port (shared/check/lab-server.ts).
import { createServer, type Server } from "node:net";

/** Every server the course starts listens here and only here. */
export const LOOPBACK = "127.0.0.1";

function listenOnAnyPort(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  return address.port;
}

/** `count` distinct free ports: all probes are held open together so none repeats. */
export async function freePorts(count: number, host: string = LOOPBACK): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listenOnAnyPort(host)));
  const ports = servers.map(portOf);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

export async function freePort(host: string = LOOPBACK): Promise<number> {
  const [port] = await freePorts(1, host);
  if (port === undefined) throw new Error("no port");
  return port;
}
