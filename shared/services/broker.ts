// How test files reach the servers of a run. vitest runs test files in worker processes, but
// servers must be started once per run, so they live in the main process (see global-setup.ts)
// behind this broker: a tiny HTTP endpoint on loopback. A worker asks it for a service; the
// first ask starts it (later asks wait for the same start), so a run that needs no service
// starts none. The address, with a random token in the path, reaches workers and every child
// process through the environment variable below.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LOOPBACK } from "./free-port.ts";
import type { ServiceHost } from "./service-host.ts";
import {
  type Availability,
  type ExtraReplica,
  isServiceName,
  type ReplicationAvailability,
  type ServiceName,
} from "./types.ts";

/** Set for the workers of a run: http://127.0.0.1:<port>/<token>. */
export const BROKER_ENV = "TRILOGY_SERVICES_BROKER";

export interface Broker {
  address: string;
  close(): Promise<void>;
}

export async function startBroker(host: ServiceHost): Promise<Broker> {
  // Only processes that were handed the address (ours) can use the broker.
  const token = randomBytes(16).toString("hex");
  const server = createServer((req, res) => {
    handle(host, token, req, res).catch((error: Error) => reply(res, 500, { error: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://${LOOPBACK}:${port}/${token}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(host: ServiceHost, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [, given, route, name] = (req.url ?? "").split("/");
  if (given !== token) return reply(res, 403, { error: "wrong token" });
  if (route === "service" && name && isServiceName(name)) return reply(res, 200, await host.get(name));
  if (route === "redis-database") return reply(res, 200, { db: await host.allocateRedisDatabase() });
  if (route === "replication") return reply(res, 200, await host.replication.get());
  if (route === "replica" && name === "add") return reply(res, 200, await host.replication.addReplica());
  if (route === "replica" && req.method === "DELETE" && name) {
    await host.replication.removeReplica(name);
    return reply(res, 200, { removed: name });
  }
  if (route === "ping") return reply(res, 200, { ok: true });
  reply(res, 404, { error: `unknown route ${req.url}` });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** The worker side: the same questions, asked over HTTP. */
export class BrokerClient {
  constructor(private readonly address: string) {}

  availability(service: ServiceName): Promise<Availability> {
    return this.get<Availability>(`service/${service}`);
  }

  async redisDatabase(): Promise<number> {
    return (await this.get<{ db: number }>("redis-database")).db;
  }

  replication(): Promise<ReplicationAvailability> {
    return this.get<ReplicationAvailability>("replication");
  }

  addReplica(): Promise<ExtraReplica> {
    return this.get<ExtraReplica>("replica/add");
  }

  async removeReplica(id: string): Promise<void> {
    await this.get(`replica/${id}`, "DELETE");
  }

  async alive(): Promise<boolean> {
    try {
      await this.get("ping");
      return true;
    } catch {
      return false;
    }
  }

  private async get<T>(path: string, method = "GET"): Promise<T> {
    const res = await fetch(`${this.address}/${path}`, { method });
    const body = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`services broker: ${body.error ?? res.status}`);
    return body;
  }
}
