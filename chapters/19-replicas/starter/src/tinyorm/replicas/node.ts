// One server the router sends statements to: a pool, or one connection behind a SessionLock,
// exactly as DB would open it for that URL alone. A write refused by a standby (25006) comes
// back as ReadOnlyServerError, naming the server.
import { type ConnectionOptions, connect, type QueryResult, type Row } from "../connection.ts";
import { InvalidTransactionState } from "../errors.ts";
import type { SqlValue } from "../parameters.ts";
import type { PoolOptions } from "../pool/options.ts";
import { Pool } from "../pool/pool.ts";
import type { Queryable } from "../query/execute.ts";
import { SessionLock } from "../transaction/session-lock.ts";
import { ReadOnlyServerError } from "./errors.ts";

/** SQLSTATE read_only_sql_transaction (Appendix A): a write in a read-only transaction, as every transaction on a standby is. */
export const READ_ONLY_SQL_TRANSACTION = "25006";

/**
 * The error to throw for `error`, raised on `server`: a 25006 becomes ReadOnlyServerError, still
 * an InvalidTransactionState with the server's fields; every other error, 25P02 included, as it is.
 */
export function readOnlyError(error: unknown, server: string): unknown {
  throw new Error(
    "TODO(19): readOnlyError — an InvalidTransactionState with sqlstate 25006 becomes a ReadOnlyServerError(server, error); anything else stays as it is",
  );
}

/** What lends a session for a while: a Pool, or a SessionLock. */
interface Lender {
  withConnection<T>(work: (session: Queryable) => Promise<T>): Promise<T>;
}

export class Node implements Queryable {
  readonly url: string;
  /** host:port, for messages. */
  readonly server: string;
  readonly #lender: Lender;
  readonly #pool: Pool | undefined;
  #connection: ReturnType<typeof connect> | undefined;

  constructor(connection: ConnectionOptions, pool?: Omit<PoolOptions, keyof ConnectionOptions>) {
    this.url = connection.url;
    const parsed = new URL(connection.url);
    this.server = `${parsed.hostname}:${parsed.port || "5432"}`;
    if (pool) {
      this.#lender = this.#pool = new Pool({ ...connection, ...pool });
      return;
    }
    this.#lender = new SessionLock(() => {
      this.#connection ??= connect(connection).catch((error: unknown) => {
        this.#connection = undefined;
        throw error;
      });
      return this.#connection;
    });
  }

  query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    return this.withConnection((session) => session.query<R>(sql, params));
  }

  /** Runs `work` on one session of this server; a 25006 inside it names the server. */
  async withConnection<T>(work: (session: Queryable) => Promise<T>): Promise<T> {
    try {
      return await this.#lender.withConnection(work);
    } catch (error) {
      throw readOnlyError(error, this.server);
    }
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    if (this.#pool) await this.#pool.end();
    if (connection) await (await connection).close();
  }
}
