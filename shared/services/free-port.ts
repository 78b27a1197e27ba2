// Free loopback ports for the servers we start. The kernel picks an unused ephemeral port when
// asked for port 0; we close the probe socket and hand the number to the server. Another
// process could take it in between; on a busy machine that happens, so a server that loses the
// port is started again on another one (onFreePort).
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

/** How many free ports onFreePort() tries before it gives up. */
const PORT_ATTEMPTS = 3;

/**
 * `start(port)` on a free port; again on another one when `lostRace(error)` says the start failed
 * because another process bound the port first — on a busy machine many gradings start servers at
 * once. That is the course's race, not the learner's bug. Any other failure is thrown at once.
 */
export async function onFreePort<T>(
  start: (port: number) => Promise<T>,
  lostRace: (error: unknown) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      if (attempt < PORT_ATTEMPTS && lostRace(error)) continue;
      throw error;
    }
  }
}
