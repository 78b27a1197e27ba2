// What the checks of chapter 19 share: a database of their own on the run's primary, present on
// its standby too; your DB configured with the primary and standbys under a session name the
// checks can find; the checks' own `pg` client as the witness on each server; and waits that
// poll the servers until one deadline for the whole stage.
import { DB } from "@lab/src/tinyorm/index.ts";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import type { OwnReplica, ReplicatedDatabase, ReplicatedPostgres } from "../../../shared/services/index.ts";
import { waitForDatabase } from "../../../shared/services/replication-service.ts";
import { NOTES_SCHEMA } from "./fixtures/notes.ts";

/**
 * How long a stage may wait, in all, for standbys to replay what it wrote. Streaming replay on
 * loopback takes milliseconds; the budget is for a machine busy with a second test run.
 */
export const REPLAY_BUDGET_MS = 20_000;
const POLL_MS = 25;

export interface Pair {
  db: () => ReplicatedDatabase;
  /** The application_name of your DB's sessions, with this process's id (other gradings share the servers). */
  session: string;
}

/** A fresh database with the notes table, on the primary and (once replayed) on the standby. */
export function usePair(service: ReplicatedPostgres, label: string): Pair {
  let db: ReplicatedDatabase | undefined;
  const session = `tinyorm-19-${label}-${process.pid}`;
  beforeAll(async () => {
    await DB.close().catch(() => undefined);
    db = await service.createDatabase({ label });
    await witness(db.primaryUrl, (client) => client.query(NOTES_SCHEMA));
    await untilReplayed(db.replicaUrl, db.primaryUrl, "the notes table reaching the standby");
  });
  afterAll(async () => {
    await DB.close().catch(() => undefined);
    await db?.drop();
  });
  return {
    db: () => {
      if (!db) throw new Error("the check's database is not ready (beforeAll failed?)");
      return db;
    },
    session,
  };
}

/** A standby of this file's own, made after the file's database exists: pause it, promote it. */
export function useOwnReplica(service: ReplicatedPostgres, pair: Pair): () => { replica: OwnReplica; url: string } {
  let own: { replica: OwnReplica; url: string } | undefined;
  beforeAll(async () => {
    const replica = await service.createReplica();
    const url = replica.databaseUrl(pair.db().name);
    await waitForDatabase(replica.url, pair.db().name);
    own = { replica, url };
  });
  afterAll(() => own?.replica.stop());
  return () => {
    if (!own) throw new Error("the check's own standby is not ready (beforeAll failed?)");
    return own;
  };
}

/** Runs `work` on a plain `pg` client of the checks, and closes it. */
export async function witness<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function witnessValue<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  return witness(url, async (client) => Object.values((await client.query(sql, params)).rows[0] ?? {})[0] as T);
}

/** Polls `probe` until it returns true, within the stage's budget; `what` names the wait. */
export async function until(
  what: string,
  probe: () => Promise<boolean>,
  deadline = Date.now() + REPLAY_BUDGET_MS,
): Promise<void> {
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline)
      throw new CheckFailure("timed out", {
        sent: `waiting for ${what}`,
        expected: `it within ${REPLAY_BUDGET_MS} ms`,
        received: "still not, at the deadline",
      });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until the standby at `replicaUrl` has replayed everything the primary has written so far. */
export async function untilReplayed(replicaUrl: string, primaryUrl: string, what: string): Promise<void> {
  const target = await witnessValue<string>(primaryUrl, "SELECT pg_current_wal_insert_lsn()::text");
  await until(what, () => witnessValue<boolean>(replicaUrl, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", [target]));
}

/**
 * Waits until the standby at `replicaUrl` has received (not necessarily replayed) everything the
 * primary has written so far: with replay paused, receipt and replay then differ by what was written.
 */
export async function untilReceived(replicaUrl: string, primaryUrl: string, what: string): Promise<void> {
  const target = await witnessValue<string>(primaryUrl, "SELECT pg_current_wal_insert_lsn()::text");
  await until(what, () =>
    witnessValue<boolean>(replicaUrl, "SELECT pg_last_wal_receive_lsn() >= $1::pg_lsn", [target]),
  );
}

/** Pauses replay on a standby and returns once it has stopped (docs §9.27, "Recovery Control Functions"). */
export async function pauseReplay(replicaUrl: string): Promise<void> {
  await witness(replicaUrl, (client) => client.query("SELECT pg_wal_replay_pause()"));
  await until(
    "the standby's replay to pause",
    async () => (await witnessValue<string>(replicaUrl, "SELECT pg_get_wal_replay_pause_state()")) === "paused",
  );
}

export async function resumeReplay(replicaUrl: string): Promise<void> {
  await witness(replicaUrl, (client) => client.query("SELECT pg_wal_replay_resume()"));
}

/** Configures your DB with the primary and standbys of this file. */
export async function configure(url: string, replicas: string[], session: string): Promise<void> {
  await DB.close().catch(() => undefined);
  DB.configure({ url, replicas, applicationName: session });
}
