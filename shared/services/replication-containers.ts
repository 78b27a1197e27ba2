// The primary/standby pair in containers, for machines with Docker. The primary is the
// Testcontainers PostgreSQL module's container with a replication role and a pg_hba line that
// lets it connect; each standby is a plain container of the same image, on the same network,
// that takes a pg_basebackup -R of the primary before it starts postgres on the copy.
import { POSTGRES_IMAGE } from "./containers.ts";
import { dropReplicationSlot, REPLICATION_SETTINGS, replicationSlotName } from "./postgres-replication.ts";
import type { StartedServer } from "./started-server.ts";

/** The primary's name on the pair's network: standbys reach it by this name. */
const PRIMARY_ALIAS = "primary";
const REPLICATION_ROLE = "replicator";
// Only ever used inside the pair's own network, for a throwaway cluster.
const REPLICATION_PASSWORD = "replicator";
const SUPERUSER_PASSWORD = "postgres";
const POSTGRES_PORT = 5432;
/** Where a standby keeps its copy: a path the image's postgres user may create. */
const STANDBY_DATA = "/tmp/standby";
/** What postgres logs once a standby answers read-only queries (docs, "Hot Standby"). */
const STANDBY_READY = /database system is ready to accept read-only connections/;

// Run by the image's entrypoint once, on the fresh primary, before it accepts connections.
// In pg_hba.conf "all" does not match replication connections, hence a line of their own.
const PRIMARY_INIT = `#!/bin/sh
set -e
psql -v ON_ERROR_STOP=1 --username postgres -c "CREATE ROLE ${REPLICATION_ROLE} WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}'"
echo "host replication ${REPLICATION_ROLE} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
`;

/** The same settings as the local pair, plus the non-durable ones of the single server. */
function serverSettings(): string[] {
  const settings = {
    fsync: "off",
    full_page_writes: "off",
    max_connections: "200",
    ...REPLICATION_SETTINGS,
  };
  return Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
}

export interface ContainerPair {
  primary: StartedServer;
  replica: StartedServer;
  /** Another standby of the same primary. */
  addReplica(): Promise<StartedServer>;
  /** Stops the standbys made by addReplica() that are still running, the pair, and the network. */
  stop(): Promise<void>;
}

export async function startReplicationContainers(): Promise<ContainerPair> {
  const { Network, GenericContainer, Wait } = await import("testcontainers");
  const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
  const network = await new Network().start();
  const primaryContainer = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withDatabase("postgres")
    .withUsername("postgres")
    .withPassword(SUPERUSER_PASSWORD)
    .withNetwork(network)
    .withNetworkAliases(PRIMARY_ALIAS)
    .withCopyContentToContainer([
      { content: PRIMARY_INIT, target: "/docker-entrypoint-initdb.d/10-replication.sh", mode: 0o755 },
    ])
    .withCommand(["postgres", ...serverSettings()])
    .start();
  const primaryHost = primaryContainer.getHost();
  const primaryPort = primaryContainer.getPort();
  const primary: StartedServer = {
    endpoint: { service: "postgres", url: primaryContainer.getConnectionUri(), host: primaryHost, port: primaryPort },
    strategy: "docker",
    version: POSTGRES_IMAGE,
    address: `${primaryHost}:${primaryPort}`,
    stop: async () => void (await primaryContainer.stop()),
  };

  const standbys = new Set<StartedServer>();
  const addReplica = async (): Promise<StartedServer> => {
    // A slot of its own on the primary, as for the local standbys (postgres-replication.ts).
    const slot = replicationSlotName();
    const script = [
      `pg_basebackup --host ${PRIMARY_ALIAS} --username ${REPLICATION_ROLE} --pgdata ${STANDBY_DATA}`,
      `--wal-method=stream --write-recovery-conf --checkpoint=fast --create-slot --slot=${slot}`,
      `&& chmod 700 ${STANDBY_DATA}`,
      `&& exec postgres -D ${STANDBY_DATA} -c listen_addresses='*' ${serverSettings().join(" ")}`,
    ].join(" ");
    const container = await new GenericContainer(POSTGRES_IMAGE)
      .withNetwork(network)
      .withUser("postgres")
      .withEnvironment({ PGPASSWORD: REPLICATION_PASSWORD })
      .withEntrypoint(["sh", "-c"])
      .withCommand([script])
      .withExposedPorts(POSTGRES_PORT)
      .withWaitStrategy(Wait.forLogMessage(STANDBY_READY))
      .start();
    const host = container.getHost();
    const port = container.getMappedPort(POSTGRES_PORT);
    // The copy carries the primary's roles and pg_hba.conf: the same superuser, the same password.
    const url = `postgresql://postgres:${SUPERUSER_PASSWORD}@${host}:${port}/postgres`;
    const standby: StartedServer = {
      endpoint: { service: "postgres", url, host, port },
      strategy: "docker",
      version: POSTGRES_IMAGE,
      address: `${host}:${port}`,
      stop: async () => {
        standbys.delete(standby);
        await container.stop();
        await dropReplicationSlot(primaryContainer.getConnectionUri(), slot);
      },
    };
    standbys.add(standby);
    return standby;
  };

  try {
    const replica = await addReplica();
    return {
      primary,
      replica,
      addReplica,
      stop: async () => {
        await Promise.all([...standbys].map((s) => s.stop().catch(() => undefined)));
        await primary.stop();
        await network.stop();
      },
    };
  } catch (error) {
    await primary.stop().catch(() => undefined);
    await network.stop().catch(() => undefined);
    throw error;
  }
}
