import type { RedisEndpoint } from "./types.ts";
import { uniqueName } from "./unique-name.ts";

/**
 * One test file's corner of the shared Redis: its own logical database (so FLUSHDB, KEYS and
 * SCAN see only its keys) and a unique key prefix (which still separates files if a server's
 * few databases had to be reused).
 */
export interface RedisNamespace {
  /** The server URL with this namespace's database index as its path: redis://host:port/7. */
  url: string;
  db: number;
  /** For ioredis' `keyPrefix` option, or to prepend by hand: "t:3f9a1c0b:". */
  keyPrefix: string;
}

export class RedisService {
  constructor(
    readonly endpoint: RedisEndpoint,
    private readonly allocateDatabase: () => Promise<number>,
  ) {}

  /** The server URL (database 0). Prefer `isolate()` in tests. */
  get url(): string {
    return this.endpoint.url;
  }

  get host(): string {
    return this.endpoint.host;
  }

  get port(): number {
    return this.endpoint.port;
  }

  async isolate(): Promise<RedisNamespace> {
    const db = await this.allocateDatabase();
    const url = new URL(this.endpoint.url);
    url.pathname = `/${db}`;
    return { url: url.toString(), db, keyPrefix: `${uniqueName("t", ":")}:` };
  }
}
