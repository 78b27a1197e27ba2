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
//
// `DB.configure({ url, replicas: [url] })` puts a router behind the seam (replicas/router.ts):
// plain reads go to the standbys, writes and transactions to the primary; `DB.router` reaches it.
import { AsyncLocalStorage } from "node:async_hooks";
import { type Connection, type ConnectionOptions, connect } from "../connection.ts";
import type { JsonValue } from "../parameters.ts";
import { type PoolOptions, poolSettings } from "../pool/options.ts";
import { Pool } from "../pool/pool.ts";
import type { Queryable } from "../query/execute.ts";
import { ReplicaRouter } from "../replicas/router.ts";
import { TransactionEndedError, TransactionError, TransactionRolledBackError } from "../transaction/errors.ts";
import { claimKey, recordResult } from "../transaction/idempotency.ts";
import { type BeginOptions, beginStatement } from "../transaction/isolation.ts";
import { type RetryOptions, withRetry } from "../transaction/retry.ts";
import { SessionLock } from "../transaction/session-lock.ts";
import { Transaction } from "../transaction/transaction.ts";
import { ConfigurationError } from "./errors.ts";

export interface DatabaseOptions extends ConnectionOptions {
  /** A pool's limits and timeouts: with them, models run on a pool of connections, not on one. */
  pool?: Omit<PoolOptions, keyof ConnectionOptions>;
  /** Standbys of `url`: with them, plain reads go to a standby and the rest to `url` (chapter 19). */
  replicas?: readonly string[];
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
  /** The router, when the options named replicas and something used it. */
  #router: ReplicaRouter | undefined;
  /** The transaction the current asynchronous work runs in, if any. */
  readonly #context = new AsyncLocalStorage<Transaction>();

  /** Where to connect, for the connection (or the pool) the next query opens. */
  configure(options: DatabaseOptions): void {
    if (this.#connection || this.#pool || this.#router)
      throw new ConfigurationError("DB is connected: await DB.close() before configuring it again");
    const { pool, replicas: _replicas, ...connection } = options;
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
    const transaction = this.#context.getStore();
    if (transaction?.ended)
      return Promise.reject(
        new TransactionEndedError(
          "a query was started inside a transaction that has ended: await it inside the callback",
        ),
      );
    if (transaction) return Promise.resolve(transaction);
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
    const outer = this.#context.getStore();
    if (outer) {
      if (options.isolation !== undefined || options.readOnly !== undefined)
        throw new TransactionError(
          "a nested transaction is a savepoint of the outer one: isolation and readOnly belong to the outermost DB.transaction()",
        );
      // Never retried here, whatever options.retry says: a 40001 or 40P01 has doomed the outer
      // transaction, whose earlier reads are as stale as this callback's. Only the outermost
      // DB.transaction() can start again from BEGIN.
      return outer.savepoint(work);
    }
    const lender = this.#lender();
    const attempt = () => lender.withConnection((session) => this.#run(session, work, options));
    return options.retry ? withRetry(attempt, options.retry) : attempt();
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
    return this.transaction(async () => {
      const transaction = this.#context.getStore()!;
      const claim = await claimKey(transaction, key);
      if (!claim.claimed) return claim.result as T;
      const result = await work();
      await recordResult(transaction, key, result);
      return result;
    }, options);
  }

  /** The router behind the models, when DB.configure() named replicas: lag, read-your-writes, failover. */
  get router(): ReplicaRouter {
    const lender = this.#lender();
    if (!(lender instanceof ReplicaRouter))
      throw new ConfigurationError("DB has no replicas: DB.configure({ url, replicas: [url] }) to route reads");
    return lender;
  }

  /** Ends the pool, the connection or the router, if one is open; the next query opens a new one. */
  async close(): Promise<void> {
    const connection = this.#connection;
    const pool = this.#pool;
    const router = this.#router;
    this.#connection = undefined;
    this.#lock = undefined;
    this.#pool = undefined;
    this.#router = undefined;
    if (router) await router.close();
    if (pool) await pool.end();
    if (connection) await (await connection).close();
  }

  /** One attempt: BEGIN, the callback in the transaction's context, the unit of work flushed, COMMIT. */
  async #run<T>(session: Queryable, work: () => Promise<T>, options: BeginOptions): Promise<T> {
    const transaction = new Transaction(session);
    await session.query(beginStatement(options));
    let result: T;
    try {
      result = await this.#context.run(transaction, async () => {
        const value = await work();
        await transaction.unitOfWork.flush();
        return value;
      });
    } catch (error) {
      transaction.end();
      // The session goes back to its lender with no transaction open, so the next borrower does
      // not run inside this one. ROLLBACK fails only on a session already gone, whose
      // transaction the server rolled back itself, and which the pool then closes.
      await session.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    transaction.end();
    const { command } = await session.query("COMMIT");
    if (command === "ROLLBACK")
      throw new TransactionRolledBackError(
        "COMMIT rolled back: a statement of the transaction failed, and its error was caught inside the callback",
      );
    return result;
  }

  /** Lends sessions: the pool when there is one, else the one connection behind its lock. */
  #lender(): Lender {
    const options = this.#options;
    if (!options) throw new ConfigurationError("call DB.configure({ url }) before using a model");
    const { pool, replicas, ...connection } = options;
    if (replicas) return (this.#router ??= new ReplicaRouter({ ...connection, replicas, ...(pool ? { pool } : {}) }));
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
