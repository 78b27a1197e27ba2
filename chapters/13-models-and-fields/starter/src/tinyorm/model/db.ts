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
    // TODO(13): stage 13.2. Without options, reject with a ConfigurationError that says to call
    // DB.configure() first. Otherwise keep the promise of the connection in #connection, made by
    // chapter 11's connect(options) the first time: queries that start before it is open must
    // wait for that same connection, not open one each. A connect that fails is not kept (the
    // next query tries again).
    return Promise.reject(new Error("TODO(13): DB.queryable() is not implemented"));
  }

  /** Ends the connection, if one is open; the next query opens a new one. */
  async close(): Promise<void> {
    // TODO(13): stage 13.2. Forget the connection first, then await it and close() it.
    throw new Error("TODO(13): DB.close() is not implemented");
  }
}

/** The database every model uses. */
export const DB = new Database();
