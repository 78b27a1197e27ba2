// One session with PostgreSQL, over the `pg` driver. The driver speaks the wire protocol; this
// file decides how it is used: every query goes through the extended protocol (Parse, Bind,
// Execute, Sync: protocol §55.2.3), so values travel apart from the SQL and one query is one
// statement; results are read by this library's type table (types.ts); server errors become
// typed classes (errors.ts); and a session that dies fails its callers instead of the process.
// biome-ignore lint/style/useImportType: the code you write here uses pg and ConnectionError as values
import pg, { type QueryConfig } from "pg";
// biome-ignore lint/style/useImportType: as above
import { ConnectionError, PreparedStatementConflict, toDatabaseError } from "./errors.ts";
import { type EncodedParameter, encodeParameter, type SqlValue } from "./parameters.ts";
import { parserFor } from "./types.ts";

/** Names the session in pg_stat_activity, so whoever looks at the server can tell who holds it. */
export const DEFAULT_APPLICATION_NAME = "tinyorm";
/** libpq waits for a server for ever by default (connect_timeout 0); a caller deserves an answer. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/**
 * Settings the type parsers rely on, sent in the startup message's `options` (protocol §55.7,
 * StartupMessage), which outranks ALTER DATABASE … SET and ALTER ROLE … SET: timestamptz written
 * in ISO form (DateStyle, docs §8.5.2) and bytea in hex (bytea_output, docs §8.4.1).
 */
export const SESSION_OPTIONS = "-c DateStyle=ISO,MDY -c bytea_output=hex";

export interface ConnectionOptions {
  /** postgresql://user:password@host:port/database (libpq's URI form, docs §34.1.1). */
  url: string;
  applicationName?: string;
  connectTimeoutMs?: number;
}

/** A row: column name → value, parsed by the column's type. */
export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  rows: R[];
  /** Rows returned, or affected by INSERT, UPDATE, DELETE; 0 for other commands. */
  rowCount: number;
  /** The command tag's verb: "SELECT", "INSERT", "CREATE TABLE" … */
  command: string;
}

/** A statement parsed once per connection under its name, then only bound and executed. */
export interface PreparedStatement<R extends Row = Row> {
  readonly name: string;
  readonly sql: string;
  run(params?: readonly SqlValue[]): Promise<QueryResult<R>>;
}

/** The driver's query options, with the one @types/pg leaves out: queryMode "extended" uses the extended protocol even without parameters. */
type ExtendedQuery = QueryConfig<EncodedParameter[]> & { queryMode: "extended" };

export async function connect(options: ConnectionOptions): Promise<Connection> {
  // TODO(11): build a pg.Client (connectionString, application_name, connectionTimeoutMillis,
  // options: SESSION_OPTIONS, types: { getTypeParser: parserFor }), wrap it in a Connection, then
  // await client.connect(). If that fails, a pg.DatabaseError (the server said no) becomes
  // toDatabaseError(error); anything else a ConnectionError naming host:port, with the cause.
  throw new Error("TODO(11): connect() is not implemented");
}

export class Connection {
  readonly #client: pg.Client;
  /** Statement names prepared on this session → their SQL. */
  readonly #prepared = new Map<string, string>();
  /** Set once the session is over (closed, or lost): every later call fails with it. */
  #ended: ConnectionError | undefined;

  /** Use connect(): it configures the client this wraps. */
  constructor(client: pg.Client) {
    this.#client = client;
    // TODO(11): listen for the client's "error" and "end" events and remember a ConnectionError in
    // #ended: an EventEmitter with no "error" listener throws, and would crash the process.
  }

  /** Runs one statement with `params` bound to $1, $2 …; values never become part of the SQL. */
  async query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    // TODO(11): fail with #ended once set; send { text: sql, values: each param through
    // encodeParameter(value, index + 1), queryMode: "extended" } with client.query; return
    // { rows, rowCount (0 when null), command }; a pg.DatabaseError becomes toDatabaseError(error).
    throw new Error("TODO(11): Connection.query() is not implemented");
  }

  /**
   * A named statement: parsed by the server the first time it runs on this connection, and only
   * bound and executed after that (the driver remembers which names it has sent). A name means
   * one SQL text per connection; reusing it for another is refused before anything is sent.
   */
  prepare<R extends Row = Row>(name: string, sql: string): PreparedStatement<R> {
    // TODO(11): refuse the empty name (TypeError); a name already in #prepared with other SQL is a
    // PreparedStatementConflict; remember it; return { name, sql, run } where run sends the query
    // as query() does, with the name added.
    throw new Error("TODO(11): Connection.prepare() is not implemented");
  }

  /** Ends the session (a Terminate message); calls after this fail with ConnectionError. */
  async close(): Promise<void> {
    // TODO(11): set #ended to a ConnectionError (closing twice is fine), then await client.end().
    throw new Error("TODO(11): Connection.close() is not implemented");
  }
}
