// Where models get their connection. `DB.configure({ url })` says where the database is, and
// opens nothing: the first query opens one chapter 11 Connection, and every model shares it.
// `DB.configure({ url, pool: { max: 10 } })` puts a pool behind the same seam instead: each
// query borrows a connection for itself, so one slow query no longer holds up every other.
//
// `DB.transaction(async () => { … })` runs its callback in a transaction on one session of its
// own, and every model call made anywhere inside it — in a helper, in Promise.all, after a
// timer — runs on that session, without being handed anything. The transaction travels with the
// callback's asynchronous work in an AsyncLocalStorage (node:async_hooks): queryable(), the one
// door between the models and the database, asks it first. Work that did not start inside the
// callback never sees it, so it never runs inside someone else's transaction.
import { AsyncLocalStorage } from "node:async_hooks";
import { type Connection, type ConnectionOptions, connect } from "../connection.ts";
import type { JsonValue } from "../parameters.ts";
import { type PoolOptions, poolSettings } from "../pool/options.ts";
import { Pool } from "../pool/pool.ts";
import type { Queryable } from "../query/execute.ts";
import type { BeginOptions } from "../transaction/isolation.ts";
import type { RetryOptions } from "../transaction/retry.ts";
import { SessionLock } from "../transaction/session-lock.ts";
import type { Transaction } from "../transaction/transaction.ts";
import { ConfigurationError } from "./errors.ts";

export interface DatabaseOptions extends ConnectionOptions {
  /** A pool's limits and timeouts: with them, models run on a pool of connections, not on one. */
  pool?: Omit<PoolOptions, keyof ConnectionOptions>;
}

export interface TransactionOptions extends BeginOptions {
  /** Runs the whole callback again after 40001 or 40P01, this many attempts at most. Off by default: the callback may do things outside the database. */
  retry?: RetryOptions;
}

/** What lends a session for a while: the pool, or the one connection behind a SessionLock. */
interface Lender extends Queryable {
  withConnection<T>(work: (session: Queryable) => Promise<T>): Promise<T>;
}

export class Database {
  #options: DatabaseOptions | undefined;
  /** The one connection, once something asked for it: a promise, so two first queries share one connect. */
  #connection: Promise<Connection> | undefined;
  /** The one connection lent to one holder at a time: a transaction, or a single statement. */
  #lock: SessionLock | undefined;
  /** The pool, when the options asked for one and something used it. */
  #pool: Pool | undefined;
  /** The transaction the current asynchronous work runs in, if any. */
  readonly #context = new AsyncLocalStorage<Transaction>();

  /** Where to connect, for the connection (or the pool) the next query opens. */
  configure(options: DatabaseOptions): void {
    if (this.#connection || this.#pool)
      throw new ConfigurationError("DB is connected: await DB.close() before configuring it again");
    const { pool, ...connection } = options;
    // A pool that cannot exist (max 0, a negative timeout) is refused now, where the mistake
    // is, not at the first query, wherever that happens to be.
    if (pool) poolSettings({ ...connection, ...pool });
    this.#options = { ...options };
  }

  /**
   * What models run their queries on: inside DB.transaction(), its session; elsewhere the pool,
   * or the one connection, opened now if it is not yet.
   */
  queryable(): Promise<Queryable> {
    // TODO(15): stage 15.1. Inside DB.transaction() the models must run on the transaction's
    // session: ask this.#context first, and resolve with the Transaction it holds. Stage 15.2:
    // an ended one rejects with TransactionEndedError instead (work that outlived its callback).
    try {
      return Promise.resolve(this.#lender());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The transaction the caller runs in, if any: the unit of work of model.ts asks. */
  currentTransaction(): Transaction | undefined {
    return this.#context.getStore();
  }

  /**
   * Runs `work` in a transaction: COMMIT if it resolves, ROLLBACK if it throws (and the error
   * goes on up). Inside another transaction it is a SAVEPOINT of that one instead.
   */
  async transaction<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    // TODO(15): stage 15.1. Borrow a session for the whole transaction (this.#lender()
    // .withConnection), BEGIN with beginStatement(options), run `work` inside
    // this.#context.run(transaction, …), flush the unit of work, COMMIT (a command tag of ROLLBACK
    // means it failed: TransactionRolledBackError); on a throw, ROLLBACK and rethrow.
    // TODO(15): stage 15.3. Inside another transaction (this.#context.getStore()), a savepoint
    // of it instead; isolation and readOnly are refused there with TransactionError.
    // TODO(15): stage 15.5. With options.retry, the whole attempt runs under withRetry().
    throw new Error("TODO(15): DB.transaction() is not implemented");
  }

  /**
   * Runs `work` once for `key`, in a transaction that also records the key and the result: a
   * call with a key already completed returns the stored result and runs nothing.
   */
  async idempotent<T extends JsonValue>(
    key: string,
    work: () => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    // TODO(15): stage 15.6. In this.transaction(…, options): claimKey() on the transaction; a key
    // completed before gives its stored result, without running `work`; otherwise run `work` and
    // recordResult() in the same transaction.
    throw new Error(`TODO(15): DB.idempotent(${JSON.stringify(key)}) is not implemented`);
  }

  /** Ends the pool or the connection, if one is open; the next query opens a new one. */
  async close(): Promise<void> {
    const connection = this.#connection;
    const pool = this.#pool;
    this.#connection = undefined;
    this.#lock = undefined;
    this.#pool = undefined;
    if (pool) await pool.end();
    if (connection) await (await connection).close();
  }

  /** Lends sessions: the pool when there is one, else the one connection behind its lock. */
  #lender(): Lender {
    const options = this.#options;
    if (!options) throw new ConfigurationError("call DB.configure({ url }) before using a model");
    const { pool, ...connection } = options;
    // A Pool is a Queryable: its query() borrows a connection, runs the statement, gives it back.
    if (pool) return (this.#pool ??= new Pool({ ...connection, ...pool }));
    this.#lock ??= new SessionLock(() => {
      this.#connection ??= connect(connection).catch((error: unknown) => {
        // A failed connect is not kept: the next query tries again.
        this.#connection = undefined;
        throw error;
      });
      return this.#connection;
    });
    return this.#lock;
  }
}

/** The database every model uses. */
export const DB = new Database();
