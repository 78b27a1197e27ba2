// One session with PostgreSQL, over the `pg` driver. The driver speaks the wire protocol; this
// file decides how it is used: every query goes through the extended protocol (Parse, Bind,
// Execute, Sync: protocol §55.2.3), so values travel apart from the SQL and one query is one
// statement; results are read by this library's type table (types.ts); server errors become
// typed classes (errors.ts); and a session that dies fails its callers instead of the process.
import pg, { type QueryConfig } from "pg";
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

/**
 * SQL texts every session runs as a named statement (chapter 13 keeps find()'s, the statement an
 * application runs most): text → name. A session parses such a text the first time it runs it,
 * and from then on only binds and executes it: the server skips parsing and planning, about half
 * of its work for a lookup by primary key. One name is one text in this process, on every session.
 */
const keptStatements = new Map<string, string>();

/** Keeps `sql` prepared on every session that runs it, under a name of its own. */
export function keepPrepared(sql: string): void {
  if (!keptStatements.has(sql)) keptStatements.set(sql, `tinyorm:kept:${keptStatements.size + 1}`);
}

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
  const client = new pg.Client({
    connectionString: options.url,
    application_name: options.applicationName ?? DEFAULT_APPLICATION_NAME,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    options: SESSION_OPTIONS,
    types: { getTypeParser: parserFor },
  });
  const connection = new Connection(client);
  try {
    await client.connect();
  } catch (error) {
    // The server answered and refused (no such database, wrong password): its SQLSTATE says why.
    if (error instanceof pg.DatabaseError) throw toDatabaseError(error);
    throw new ConnectionError(`could not connect to ${client.host}:${client.port}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  return connection;
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
    // A session can die while idle (pg_terminate_backend, a restart, a network cut). The
    // driver reports it as an 'error' event, and an EventEmitter with no 'error' listener
    // throws: the whole process would crash. Remember it; the next call fails with it.
    client.on("error", (error) => {
      this.#ended ??= new ConnectionError(`the connection was lost: ${error.message}`, { cause: error });
    });
    client.on("end", () => {
      this.#ended ??= new ConnectionError("the connection was closed by the server");
    });
  }

  /** Runs one statement with `params` bound to $1, $2 …; values never become part of the SQL. */
  async query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    // With parameters the driver always takes the extended protocol; handed the text and the
    // values apart (not a config object, which it copies first), it does the least work per query.
    const name = keptStatements.get(sql);
    if (name !== undefined) return this.#run<R>({ name, text: sql, values: encodeAll(params), queryMode: "extended" });
    if (params.length > 0) return this.#run<R>(sql, encodeAll(params));
    return this.#run<R>({ text: sql, values: [], queryMode: "extended" });
  }

  /**
   * A named statement: parsed by the server the first time it runs on this connection, and only
   * bound and executed after that (the driver remembers which names it has sent). A name means
   * one SQL text per connection; reusing it for another is refused before anything is sent.
   */
  prepare<R extends Row = Row>(name: string, sql: string): PreparedStatement<R> {
    // The empty name is the protocol's unnamed statement, replaced by every query.
    if (name === "") throw new TypeError("a prepared statement needs a name");
    const prepared = this.#prepared.get(name);
    if (prepared !== undefined && prepared !== sql) throw new PreparedStatementConflict(name, prepared, sql);
    this.#prepared.set(name, sql);
    return {
      name,
      sql,
      run: async (params = []) => this.#run<R>({ name, text: sql, values: encodeAll(params), queryMode: "extended" }),
    };
  }

  /** Ends the session (a Terminate message); calls after this fail with ConnectionError. */
  async close(): Promise<void> {
    if (this.#ended) return;
    this.#ended = new ConnectionError("the connection is closed");
    await this.#client.end();
  }

  async #run<R extends Row>(query: string | ExtendedQuery, values?: EncodedParameter[]): Promise<QueryResult<R>> {
    if (this.#ended) throw this.#ended;
    try {
      const result = await this.#client.query<R>(query, values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0, command: result.command };
    } catch (error) {
      if (error instanceof pg.DatabaseError) throw toDatabaseError(error);
      // Once the session is over the driver says "not queryable"; the reason it ended says more.
      throw this.#ended ?? error;
    }
  }
}

function encodeAll(params: readonly SqlValue[]): EncodedParameter[] {
  return params.map((value, index) => encodeParameter(value, index + 1));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
