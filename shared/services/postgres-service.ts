import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  TEMPLATE_DATABASE,
  uniqueDatabaseName,
} from "./postgres-databases.ts";
import type { PostgresEndpoint } from "./types.ts";

/** A database of one's own, created for one test file. */
export interface TestDatabase {
  name: string;
  url: string;
  /** Drops it (ending any session still open in it). */
  drop(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** Shown in the name, to tell databases apart in `\l`. */
  label?: string;
  /**
   * The database to clone; default the run's empty template. A test file can build a schema
   * once, in a database of its own, and clone it per test — as long as no session is open in it.
   */
  template?: string;
}

export class PostgresService {
  constructor(readonly endpoint: PostgresEndpoint) {}

  /** Superuser URL of the maintenance database: for creating things, not for tests' data. */
  get url(): string {
    return this.endpoint.url;
  }

  get host(): string {
    return this.endpoint.host;
  }

  get port(): number {
    return this.endpoint.port;
  }

  async createDatabase(options: CreateDatabaseOptions = {}): Promise<TestDatabase> {
    const name = uniqueDatabaseName(options.label);
    await createDatabase(this.url, name, options.template ?? TEMPLATE_DATABASE);
    return { name, url: databaseUrl(this.url, name), drop: () => dropDatabase(this.url, name) };
  }
}
