// What a test file gets from the primary/standby pair: a database of its own on the primary,
// handed over once the standby has it too, and standbys of its own to pause or promote.
import pg from "pg";
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  TEMPLATE_DATABASE,
  uniqueDatabaseName,
} from "./postgres-databases.ts";
import { sleep } from "./server-process.ts";
import type { ExtraReplica, ReplicationEndpoint } from "./types.ts";

// CREATE DATABASE reaches a streaming standby within milliseconds; a loaded machine gets room.
const REPLAY_TIMEOUT_MS = 30_000;
const REPLAY_POLL_MS = 25;

/** A database made on the primary, and its URLs on the primary and on the standby. */
export interface ReplicatedDatabase {
  name: string;
  primaryUrl: string;
  replicaUrl: string;
  drop(): Promise<void>;
}

/** A standby of one's own: `url` of its maintenance database, `databaseUrl(name)` of another. */
export interface OwnReplica {
  url: string;
  host: string;
  port: number;
  databaseUrl(name: string): string;
  /** Stops it and deletes its files; a promoted standby is stopped the same way. */
  stop(): Promise<void>;
}

export class ReplicatedPostgres {
  constructor(
    readonly endpoint: ReplicationEndpoint,
    private readonly replicas: { add(): Promise<ExtraReplica>; remove(id: string): Promise<void> },
  ) {}

  get primaryUrl(): string {
    return this.endpoint.primary.url;
  }

  get replicaUrl(): string {
    return this.endpoint.replica.url;
  }

  /** A fresh database on the primary, returned once the shared standby has replayed it. */
  async createDatabase(options: { label?: string } = {}): Promise<ReplicatedDatabase> {
    const name = uniqueDatabaseName(options.label);
    await createDatabase(this.primaryUrl, name, TEMPLATE_DATABASE);
    await waitForDatabase(this.replicaUrl, name);
    return {
      name,
      primaryUrl: databaseUrl(this.primaryUrl, name),
      replicaUrl: databaseUrl(this.replicaUrl, name),
      drop: () => dropDatabase(this.primaryUrl, name),
    };
  }

  /**
   * A new standby of the primary (a pg_basebackup taken now), for this file alone: pause its
   * replay, promote it, stop it. It holds every database the primary holds at this moment.
   */
  async createReplica(): Promise<OwnReplica> {
    const { id, endpoint } = await this.replicas.add();
    return {
      url: endpoint.url,
      host: endpoint.host,
      port: endpoint.port,
      databaseUrl: (name) => databaseUrl(endpoint.url, name),
      stop: () => this.replicas.remove(id),
    };
  }
}

/** Polls the standby's catalog until `name` is there: CREATE DATABASE is replayed like any write. */
export async function waitForDatabase(replicaUrl: string, name: string, timeoutMs = REPLAY_TIMEOUT_MS): Promise<void> {
  const client = new pg.Client({ connectionString: replicaUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (rowCount) return;
      if (Date.now() > deadline)
        throw new Error(`the standby did not replay CREATE DATABASE ${name} within ${timeoutMs} ms`);
      await sleep(REPLAY_POLL_MS);
    }
  } finally {
    await client.end();
  }
}
