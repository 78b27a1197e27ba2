// Where models get their connection. `DB.configure({ url })` says where the database is, and
// opens nothing: the first query opens one chapter 11 Connection, and every model shares it.
// queryable() is the only way models reach the database, so it is the one place later
// chapters change: chapter 14 puts a pool behind it, chapter 15 a transaction.
import { type Connection, type ConnectionOptions, connect } from "../connection.ts";
import type { Queryable } from "../query/execute.ts";
import { ConfigurationError } from "./errors.ts";

export class Database {
  #options: ConnectionOptions | undefined;
  /** The one connection, once something asked for it: a promise, so two first queries share one connect. */
  #connection: Promise<Connection> | undefined;

  /** Where to connect, for the connection the next query opens. */
  configure(options: ConnectionOptions): void {
    if (this.#connection) throw new ConfigurationError("DB is connected: await DB.close() before configuring it again");
    this.#options = { ...options };
  }

  /** What models run their queries on: the connection, opened now if it is not yet. */
  queryable(): Promise<Queryable> {
    const options = this.#options;
    if (!options) return Promise.reject(new ConfigurationError("call DB.configure({ url }) before using a model"));
    this.#connection ??= connect(options).catch((error: unknown) => {
      // A failed connect is not kept: the next query tries again.
      this.#connection = undefined;
      throw error;
    });
    return this.#connection;
  }

  /** Ends the connection, if one is open; the next query opens a new one. */
  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection) await (await connection).close();
  }
}

/** The database every model uses. */
export const DB = new Database();
