// The one place servers are obtained, once per service per run: it resolves the strategy,
// starts (or finds) the server, prepares it, announces it in one line, and stops everything at
// the end. In a vitest run it lives in the main process behind the broker; in a script it
// lives in the script's own process.
import { startContainer } from "./containers.ts";
import { dockerReachable } from "./docker-detect.ts";
import { addressOf, endpointFromEnv } from "./env-endpoints.ts";
import { type LocalStarter, localStarter } from "./local-binaries.ts";
import { ensureTemplate } from "./postgres-databases.ts";
import { ReplicationHost } from "./replication-host.ts";
import { type Resolution, type ResolutionFacts, resolveStrategy } from "./resolve-strategy.ts";
import type { StartedServer } from "./started-server.ts";
import type { Availability, ServiceName } from "./types.ts";

/** Every announcement starts with this, so a grader can pass these lines on and drop the rest. */
export const ANNOUNCE_PREFIX = "services:";

const STRATEGY_LABELS = { env: "the environment", docker: "Testcontainers", local: "local binaries" } as const;

/** What the host needs to know about the machine; injectable so tests can pretend. */
export interface HostFacts extends ResolutionFacts {
  local: (service: ServiceName) => LocalStarter;
}

export function defaultFacts(): HostFacts {
  let docker: Promise<boolean> | undefined;
  return {
    env: process.env,
    // Probed at most once per run, and only if some service gets that far.
    dockerReachable: () => (docker ??= dockerReachable()),
    local: localStarter,
  };
}

export class ServiceHost {
  private readonly availability = new Map<ServiceName, Promise<Availability>>();
  private readonly servers: StartedServer[] = [];
  private nextRedisDatabase = 1;
  /** The primary/standby pair and its extra standbys, started on first request (chapter 19). */
  readonly replication: ReplicationHost;

  constructor(
    private readonly facts: HostFacts = defaultFacts(),
    private readonly announce: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.replication = new ReplicationHost(facts, announce);
  }

  /** The service, started on first request; concurrent requests share one start. */
  get(service: ServiceName): Promise<Availability> {
    let pending = this.availability.get(service);
    if (!pending) {
      pending = this.obtain(service);
      this.availability.set(service, pending);
    }
    return pending;
  }

  /**
   * The next Redis database index for a test file. Index 0 is left to people (redis-cli's
   * default); indexes are handed out in turn and wrap around on a server with few databases,
   * where the per-file key prefix still keeps files apart.
   */
  async allocateRedisDatabase(): Promise<number> {
    const redis = await this.get("redis");
    if (!redis.available || redis.endpoint.service !== "redis") throw new Error("redis is not available");
    const count = redis.endpoint.databases;
    if (count <= 1) return 0;
    const db = this.nextRedisDatabase;
    this.nextRedisDatabase = db + 1 >= count ? 1 : db + 1;
    return db;
  }

  async stopAll(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all([...servers.map((s) => s.stop().catch(() => undefined)), this.replication.stopAll()]);
  }

  private async obtain(service: ServiceName): Promise<Availability> {
    const started = Date.now();
    let resolution: Resolution;
    try {
      resolution = await resolveStrategy(service, this.facts);
    } catch (error) {
      return this.unavailable(
        service,
        `${service}: could not decide how to start it: ${(error as Error).message}`,
        true,
      );
    }
    if (resolution.kind === "unavailable") return this.unavailable(service, resolution.message, resolution.fatal);
    if (resolution.kind === "env") {
      try {
        const endpoint = await endpointFromEnv(service, resolution.value);
        if (endpoint.service === "postgres") await ensureTemplate(endpoint.url);
        this.announce(`${ANNOUNCE_PREFIX} ${service} via ${resolution.variable} (${addressOf(endpoint)})`);
        return { available: true, endpoint, strategy: "env" };
      } catch (error) {
        return this.unavailable(
          service,
          `${service} from ${resolution.variable} is not usable: ${(error as Error).message}`,
          true,
        );
      }
    }
    try {
      const server = await this.start(service, resolution.kind);
      this.servers.push(server);
      if (server.endpoint.service === "postgres") await ensureTemplate(server.endpoint.url);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const version = server.version ? ` ${server.version}` : "";
      this.announce(
        `${ANNOUNCE_PREFIX} ${service}${version} via ${STRATEGY_LABELS[server.strategy]} in ${seconds}s (${server.address})`,
      );
      return { available: true, endpoint: server.endpoint, strategy: server.strategy };
    } catch (error) {
      // A failed start is a real error (bad install, full disk), never a reason to skip.
      return this.unavailable(service, `${service} failed to start: ${(error as Error).message}`, true);
    }
  }

  private async start(service: ServiceName, kind: "docker" | "local"): Promise<StartedServer> {
    if (kind === "local") {
      const local = this.facts.local(service);
      if (!local.available) throw new Error(local.missing);
      return local.start();
    }
    try {
      return await startContainer(service);
    } catch (error) {
      // Docker answered but could not run the container (no image, offline): the machine's
      // own binaries are the next best thing.
      const local = this.facts.local(service);
      if (!local.available) throw error;
      this.announce(
        `${ANNOUNCE_PREFIX} ${service}: Testcontainers failed (${(error as Error).message.split("\n")[0]}); using local binaries`,
      );
      return local.start();
    }
  }

  private unavailable(service: ServiceName, message: string, fatal: boolean): Availability {
    this.announce(`${ANNOUNCE_PREFIX} ${message}`);
    return { available: false, service, message, fatal };
  }
}
