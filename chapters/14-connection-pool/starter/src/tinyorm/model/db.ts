// Where models get their connection. `DB.configure({ url })` says where the database is, and
// opens nothing: the first query opens one chapter 11 Connection, and every model shares it.
// `DB.configure({ url, pool: { max: 10 } })` puts a pool behind the same seam instead: each
// query borrows a connection for itself, so one slow query no longer holds up every other.
// queryable() is the only way models reach the database, so it is the one place later
// chapters change: chapter 15 puts a transaction's connection behind it.
import { type Connection, type ConnectionOptions, connect } from "../connection.ts";
import type { PoolOptions } from "../pool/options.ts";
import type { Pool } from "../pool/pool.ts";
import type { Queryable } from "../query/execute.ts";
import { ConfigurationError } from "./errors.ts";

export interface DatabaseOptions extends ConnectionOptions {
  /** A pool's limits and timeouts: with them, models run on a pool of connections, not on one. */
  pool?: Omit<PoolOptions, keyof ConnectionOptions>;
}

export class Database {
  #options: DatabaseOptions | undefined;
  /** The one connection, once something asked for it: a promise, so two first queries share one connect. */
  #connection: Promise<Connection> | undefined;
  /** The pool, when the options asked for one and something used it. */
  #pool: Pool | undefined;

  /** Where to connect, for the connection (or the pool) the next query opens. */
  configure(options: DatabaseOptions): void {
    if (this.#connection || this.#pool)
      throw new ConfigurationError("DB is connected: await DB.close() before configuring it again");
    // TODO(14): stage 14.7. With options.pool, check the pool's options now, where the mistake
    // is: poolSettings({ ...connection, ...pool }) throws the RangeError for max 0 and the like.
    this.#options = { ...options };
  }

  /** What models run their queries on: the pool, or the one connection, opened now if it is not yet. */
  queryable(): Promise<Queryable> {
    const options = this.#options;
    if (!options) return Promise.reject(new ConfigurationError("call DB.configure({ url }) before using a model"));
    const { pool, ...connection } = options;
    // TODO(14): stage 14.7. With pool options, resolve with the Pool (a Pool is a Queryable),
    // made from { ...connection, ...pool } the first time and kept in #pool.
    if (pool) return Promise.reject(new Error("TODO(14): DB.queryable() with pool options is not implemented"));
    this.#connection ??= connect(connection).catch((error: unknown) => {
      // A failed connect is not kept: the next query tries again.
      this.#connection = undefined;
      throw error;
    });
    return this.#connection;
  }

  /** Ends the pool or the connection, if one is open; the next query opens a new one. */
  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    // TODO(14): stage 14.7. Forget the pool too, and await its end().
    if (connection) await (await connection).close();
  }
}

/** The database every model uses. */
export const DB = new Database();
