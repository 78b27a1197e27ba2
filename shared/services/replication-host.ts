// The run's primary/standby pair, obtained once like any other service (service-host.ts), and
// the extra standbys test files ask for: a test that pauses replay or promotes a standby does
// it to one of its own, so the shared standby keeps following the primary for everyone else.
import { randomBytes } from "node:crypto";
import { findPostgresInstalls, MIN_POSTGRES_MAJOR } from "./find-binaries.ts";
import { ensureTemplate } from "./postgres-databases.ts";
import { startLocalPrimary, startLocalReplica } from "./postgres-replication.ts";
import { startReplicationContainers } from "./replication-containers.ts";
import { type ReplicationResolution, replicationFromEnv, resolveReplicationStrategy } from "./replication-strategy.ts";
import type { ResolutionFacts } from "./resolve-strategy.ts";
import { ANNOUNCE_PREFIX } from "./service-host.ts";
import type { StartedServer } from "./started-server.ts";
import type {
  ExtraReplica,
  PostgresEndpoint,
  ReplicationAvailability,
  ReplicationEndpoint,
  StrategyKind,
} from "./types.ts";

type Unavailable = Extract<ReplicationAvailability, { available: false }>;

/** A pair this process obtained, and how to make another standby of its primary. */
export interface StartedPair {
  endpoint: ReplicationEndpoint;
  strategy: StrategyKind;
  version: string;
  addReplica(): Promise<StartedServer>;
  stop(): Promise<void>;
}

/** How each strategy makes a pair; injectable so tests can pretend. */
export interface PairStarters {
  local(): Promise<StartedPair>;
  docker(): Promise<StartedPair>;
  /** A pair named in the environment: extra standbys come from local binaries, if any. */
  env(endpoint: ReplicationEndpoint): StartedPair;
}

function localInstall() {
  const install = findPostgresInstalls().find((i) => i.major >= MIN_POSTGRES_MAJOR);
  if (!install) throw new Error(`extra standbys need PostgreSQL ${MIN_POSTGRES_MAJOR}+ binaries (pg_basebackup)`);
  return install;
}

export const defaultPairStarters: PairStarters = {
  async local() {
    const install = localInstall();
    const primary = await startLocalPrimary(install);
    try {
      const replica = await startLocalReplica(install, primary.endpoint as PostgresEndpoint);
      return {
        endpoint: { primary: primary.endpoint as PostgresEndpoint, replica: replica.endpoint as PostgresEndpoint },
        strategy: "local",
        version: install.version,
        addReplica: () => startLocalReplica(install, primary.endpoint as PostgresEndpoint),
        stop: async () => {
          await replica.stop();
          await primary.stop();
        },
      };
    } catch (error) {
      await primary.stop();
      throw error;
    }
  },
  async docker() {
    const pair = await startReplicationContainers();
    return {
      endpoint: {
        primary: pair.primary.endpoint as PostgresEndpoint,
        replica: pair.replica.endpoint as PostgresEndpoint,
      },
      strategy: "docker",
      version: pair.primary.version,
      addReplica: () => pair.addReplica(),
      stop: () => pair.stop(),
    };
  },
  env(endpoint) {
    return {
      endpoint,
      strategy: "env",
      version: "",
      addReplica: () => startLocalReplica(localInstall(), endpoint.primary),
      stop: async () => undefined,
    };
  },
};

export class ReplicationHost {
  #pair: Promise<StartedPair | Unavailable> | undefined;
  readonly #extras = new Map<string, StartedServer>();

  constructor(
    private readonly facts: ResolutionFacts,
    private readonly announce: (line: string) => void,
    private readonly starters: PairStarters = defaultPairStarters,
  ) {}

  /** The pair, started on first request; concurrent requests share one start. */
  async get(): Promise<ReplicationAvailability> {
    const pair = await this.#obtain();
    return "available" in pair ? pair : { available: true, endpoint: pair.endpoint, strategy: pair.strategy };
  }

  /** A new standby of the pair's primary, for one test file, until removeReplica(id) or the end of the run. */
  async addReplica(): Promise<ExtraReplica> {
    const pair = await this.#obtain();
    if ("available" in pair) throw new Error(pair.message);
    const server = await pair.addReplica();
    const id = randomBytes(6).toString("hex");
    this.#extras.set(id, server);
    return { id, endpoint: server.endpoint as PostgresEndpoint };
  }

  async removeReplica(id: string): Promise<void> {
    const server = this.#extras.get(id);
    this.#extras.delete(id);
    await server?.stop();
  }

  async stopAll(): Promise<void> {
    const extras = [...this.#extras.values()];
    this.#extras.clear();
    await Promise.all(extras.map((s) => s.stop().catch(() => undefined)));
    const pair = await this.#pair?.catch(() => undefined);
    this.#pair = undefined;
    if (pair && !("available" in pair)) await pair.stop().catch(() => undefined);
  }

  #obtain(): Promise<StartedPair | Unavailable> {
    this.#pair ??= this.#start();
    return this.#pair;
  }

  async #start(): Promise<StartedPair | Unavailable> {
    const started = Date.now();
    let resolution: ReplicationResolution;
    try {
      resolution = await resolveReplicationStrategy(this.facts);
    } catch (error) {
      return this.#unavailable(`postgres pair: could not decide how to start it: ${(error as Error).message}`, true);
    }
    if (resolution.kind === "unavailable") return this.#unavailable(resolution.message, resolution.fatal);
    let pair: StartedPair;
    try {
      if (resolution.kind === "env")
        pair = this.starters.env(replicationFromEnv(resolution.primary, resolution.replica));
      else if (resolution.kind === "local") pair = await this.starters.local();
      else pair = await this.#docker();
      await ensureTemplate(pair.endpoint.primary.url);
    } catch (error) {
      return this.#unavailable(`postgres pair failed to start: ${(error as Error).message}`, true);
    }
    const { primary, replica } = pair.endpoint;
    const how =
      pair.strategy === "env"
        ? "the environment"
        : `${pair.strategy === "local" ? "local binaries" : "Testcontainers"} in ${((Date.now() - started) / 1000).toFixed(1)}s`;
    this.announce(
      `${ANNOUNCE_PREFIX} postgres primary + standby${pair.version ? ` ${pair.version}` : ""} via ${how} (${primary.host}:${primary.port} → ${replica.host}:${replica.port})`,
    );
    return pair;
  }

  async #docker(): Promise<StartedPair> {
    try {
      return await this.starters.docker();
    } catch (error) {
      this.announce(
        `${ANNOUNCE_PREFIX} postgres pair: Testcontainers failed (${(error as Error).message.split("\n")[0]}); using local binaries`,
      );
      return this.starters.local();
    }
  }

  #unavailable(message: string, fatal: boolean): Unavailable {
    this.announce(`${ANNOUNCE_PREFIX} ${message}`);
    return { available: false, message, fatal };
  }
}
