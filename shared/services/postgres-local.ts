// PostgreSQL from the machine's own binaries: a throwaway cluster made by initdb (or copied
// from the cached pristine one, see pristine-cluster.ts) in a temp directory, served on a free loopback port, with durability switched off because nothing in
// it outlives the run.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { PostgresInstall } from "./find-binaries.ts";
import { freePort, LOOPBACK } from "./free-port.ts";
import { keepPristineCluster, restorePristineCluster } from "./pristine-cluster.ts";
import { runTool, ServerProcess } from "./server-process.ts";
import { type LocalStartOptions, makeServerDirectory, removeDirectory, type StartedServer } from "./started-server.ts";
import { unprivilegedRunner } from "./unprivileged-user.ts";

/** The superuser initdb creates; trust authentication on loopback, so no password. */
export const POSTGRES_USER = "postgres";

// The "non-durable settings" the PostgreSQL manual recommends when data may be thrown away
// (Performance Tips, §14.5): no fsync, no waiting for WAL flush, no full-page images.
const NON_DURABLE_SETTINGS: Record<string, string> = {
  fsync: "off",
  synchronous_commit: "off",
  full_page_writes: "off",
  // Chapter checks open a pool per test file and the pool chapter exhausts one on purpose;
  // the default of 100 is too tight when several files run at once.
  max_connections: "200",
};

/**
 * initdb takes the cluster's locale from the environment; "C" exists everywhere, sorts
 * bytewise, and makes ORDER BY results identical on every machine.
 */
export const POSTGRES_ENV: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C", LANG: "C" };

// A fresh cluster answers in well under a second; a slow CI disk gets a wide margin.
const READY_TIMEOUT_MS = 30_000;
// A probe that waits longer than this is retried rather than trusted.
const PROBE_CONNECT_TIMEOUT_MS = 1000;

/**
 * A new server folder for a cluster: `data` (left for initdb or pg_basebackup to create) and
 * `socket`, owned by the user postgres will run as.
 */
export function clusterFolders(
  kind: string,
  options: LocalStartOptions,
): { directory: string; dataDir: string; socketDir: string } {
  const directory = makeServerDirectory(kind, options);
  // The Unix socket goes here rather than /var/run/postgresql, which may not exist or be ours.
  const socketDir = join(directory, "socket");
  mkdirSync(socketDir);
  const runAs = unprivilegedRunner();
  if (runAs) {
    runAs.own(directory);
    runAs.own(socketDir);
  }
  return { directory, dataDir: join(directory, "data"), socketDir };
}

export async function startLocalPostgres(
  install: PostgresInstall,
  options: LocalStartOptions = {},
  settings: Record<string, string> = {},
): Promise<StartedServer> {
  const { directory, dataDir, socketDir } = clusterFolders("postgres", options);
  const runAs = unprivilegedRunner();
  const wrap = (command: string, args: string[]) => (runAs ? runAs.wrap(command, args) : { command, args });
  const env = POSTGRES_ENV;

  try {
    if (restorePristineCluster(install, dataDir)) {
      runAs?.ownTree(dataDir);
    } else {
      const initdb = wrap(join(install.binDir, "initdb"), [
        "--pgdata",
        dataDir,
        "--username",
        POSTGRES_USER,
        "--auth",
        "trust",
        "--encoding",
        "UTF8",
        "--locale",
        "C",
        "--no-sync",
        "--no-instructions",
      ]);
      await runTool(initdb.command, initdb.args, { cwd: directory, env, what: "initdb" });
      keepPristineCluster(install, dataDir);
    }
  } catch (error) {
    removeDirectory(directory);
    throw error;
  }

  return servePostgres(install, { directory, dataDir, socketDir, env, detached: options.detached ?? false, settings });
}

/** A data directory ready to serve, and where its server keeps its sockets and log. */
export interface PostgresCluster {
  directory: string;
  dataDir: string;
  socketDir: string;
  env: NodeJS.ProcessEnv;
  detached: boolean;
  /** Settings on top of the non-durable ones (a replication primary's, say). */
  settings?: Record<string, string>;
}

/** Starts `postgres` on a cluster, on a free loopback port, and waits until it answers a query. */
export async function servePostgres(install: PostgresInstall, cluster: PostgresCluster): Promise<StartedServer> {
  const { directory, dataDir, socketDir, env } = cluster;
  const runAs = unprivilegedRunner();
  const wrap = (command: string, args: string[]) => (runAs ? runAs.wrap(command, args) : { command, args });
  const port = await freePort();
  const settings = Object.entries({ ...NON_DURABLE_SETTINGS, ...cluster.settings }).flatMap(([key, value]) => [
    "-c",
    `${key}=${value}`,
  ]);
  const server = wrap(join(install.binDir, "postgres"), [
    "-D",
    dataDir,
    "-p",
    String(port),
    "-c",
    `listen_addresses=${LOOPBACK}`,
    "-c",
    `unix_socket_directories=${socketDir}`,
    ...settings,
  ]);
  const process_ = new ServerProcess({
    name: "postgres",
    command: server.command,
    args: server.args,
    cwd: directory,
    env,
    logFile: join(directory, "postgres.log"),
    directory,
    // SIGINT is postgres' "fast" shutdown: disconnect clients, stop; SIGQUIT is "immediate",
    // which still removes its shared memory: the right thing when we can no longer wait.
    stopSignal: "SIGINT",
    exitSignal: "SIGQUIT",
    detached: cluster.detached,
  });
  const url = `postgresql://${POSTGRES_USER}@${LOOPBACK}:${port}/postgres`;
  try {
    await process_.waitUntilReady(() => canQuery(url), READY_TIMEOUT_MS);
  } catch (error) {
    await process_.stop();
    throw error;
  }
  return {
    endpoint: { service: "postgres", url, host: LOOPBACK, port },
    strategy: "local",
    version: install.version,
    address: `${LOOPBACK}:${port}`,
    pid: process_.pid,
    directory,
    stopSignal: "SIGINT",
    stop: () => process_.stop(),
  };
}

export async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_CONNECT_TIMEOUT_MS });
  // A refused connection also emits 'error' on the client; the rejected connect() reports it.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}
