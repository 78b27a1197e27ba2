// A primary and its standbys from the machine's own binaries (PostgreSQL docs §26.2,
// "Log-Shipping Standby Servers"). The primary is a cluster like any other, with room for
// WAL senders; a standby is a copy of it taken by pg_basebackup while it runs. `-R` writes
// standby.signal and primary_conninfo into the copy, so the `postgres` started on it connects
// back to the primary, streams its WAL and replays it, answering read-only queries meanwhile
// (docs, "Hot Standby"). initdb's pg_hba.conf already trusts replication connections on loopback.
import { randomBytes } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import pg from "pg";
import type { PostgresInstall } from "./find-binaries.ts";
import { clusterFolders, POSTGRES_ENV, POSTGRES_USER, servePostgres, startLocalPostgres } from "./postgres-local.ts";
import { runTool } from "./server-process.ts";
import { type LocalStartOptions, removeDirectory, type StartedServer } from "./started-server.ts";
import type { PostgresEndpoint } from "./types.ts";
import { unprivilegedRunner } from "./unprivileged-user.ts";

/**
 * What a primary needs beyond the defaults. A standby must have at least the primary's
 * max_wal_senders (docs, "Hot Standby", Administrator's Overview), so standbys are started with the same settings.
 */
export const REPLICATION_SETTINGS: Record<string, string> = {
  // The default since PostgreSQL 10, stated because the pair depends on it (§20.5.1).
  wal_level: "replica",
  // One sender per standby plus two per pg_basebackup running (-X stream): the shared standby,
  // the standbys test files make for themselves, and a copy being taken, with room to spare.
  max_wal_senders: "32",
  // A commit is written out before it returns, so a standby hears of it at once, and lag
  // comes from replay alone. fsync stays off (postgres-local.ts): written, not flushed.
  synchronous_commit: "on",
};

/**
 * pg_basebackup: beside `postgres`, or beside the file `postgres` links to (a PATH folder of
 * links to Debian's /usr/lib/postgresql/<major>/bin holds only some of its programs).
 */
export function pgBasebackupOf(install: PostgresInstall): string {
  const folders = [install.binDir, dirname(realpathSync(join(install.binDir, "postgres")))];
  const found = folders.map((folder) => join(folder, "pg_basebackup")).find((path) => existsSync(path));
  if (!found) throw new Error(`pg_basebackup is not in ${folders.join(" or ")}: install PostgreSQL's client programs`);
  return found;
}

/** The primary: a throwaway cluster started with the replication settings. */
export function startLocalPrimary(install: PostgresInstall, options: LocalStartOptions = {}): Promise<StartedServer> {
  return startLocalPostgres(install, options, REPLICATION_SETTINGS);
}

/** A hot standby of `primary`: pg_basebackup -R into a new data directory, then `postgres` on it. */
export async function startLocalReplica(
  install: PostgresInstall,
  primary: PostgresEndpoint,
  options: LocalStartOptions = {},
): Promise<StartedServer> {
  const { directory, dataDir, socketDir } = clusterFolders("postgres-replica", options);
  const runAs = unprivilegedRunner();
  const slot = replicationSlotName();
  const backup = [
    "--host",
    primary.host,
    "--port",
    String(primary.port),
    "--username",
    new URL(primary.url).username || POSTGRES_USER,
    "--pgdata",
    dataDir,
    // Streams the WAL written during the copy alongside it, so the copy is consistent alone.
    "--wal-method=stream",
    // standby.signal + primary_conninfo: start as a standby of this primary (§26.2.4).
    "--write-recovery-conf",
    // Start the copy now rather than after the next scheduled checkpoint.
    "--checkpoint=fast",
    // A slot of its own on the primary, named in the copy's primary_slot_name: the primary keeps
    // the WAL this standby has not received yet (§26.2.6). Without it, the checkpoints that other
    // copies ask for could recycle WAL a busy standby still needs, and it would stop following.
    "--create-slot",
    `--slot=${slot}`,
    "--no-sync",
  ];
  try {
    const program = pgBasebackupOf(install);
    const tool = runAs ? runAs.wrap(program, backup) : { command: program, args: backup };
    await runTool(tool.command, tool.args, {
      cwd: directory,
      env: { ...POSTGRES_ENV, PGPASSWORD: decodeURIComponent(new URL(primary.url).password) },
      what: "pg_basebackup",
    });
  } catch (error) {
    removeDirectory(directory);
    throw error;
  }
  let server: StartedServer;
  try {
    server = await servePostgres(install, {
      directory,
      dataDir,
      socketDir,
      env: POSTGRES_ENV,
      detached: options.detached ?? false,
      settings: REPLICATION_SETTINGS,
    });
  } catch (error) {
    await dropReplicationSlot(primary.url, slot);
    throw error;
  }
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await dropReplicationSlot(primary.url, slot);
    },
  };
}

/** A name for a standby's slot: lower-case letters, digits and underscores (§26.2.6). */
export function replicationSlotName(): string {
  return `trilogy_standby_${randomBytes(6).toString("hex")}`;
}

/**
 * Drops a stopped standby's slot, so the primary stops keeping WAL for it. A primary that is
 * itself gone (the end of a run) has nothing left to keep.
 */
export async function dropReplicationSlot(primaryUrl: string, slot: string): Promise<void> {
  const client = new pg.Client({ connectionString: primaryUrl });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query(
      "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active",
      [slot],
    );
  } catch {
    // The primary has stopped: its slots went with it.
  } finally {
    await client.end().catch(() => undefined);
  }
}
