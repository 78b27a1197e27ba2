// One transaction in progress: the session it runs on, and what it knows. A transaction belongs
// to one session — BEGIN, every statement, and COMMIT must go down the same connection — so the
// session is pinned here for its whole length, and every model call inside the transaction's
// callback reaches it through DB.queryable() (see context in model/db.ts).
import type { QueryResult, Row } from "../connection.ts";
import type { SqlValue } from "../parameters.ts";
import type { Queryable } from "../query/execute.ts";
import { TransactionEndedError } from "./errors.ts";
import { UnitOfWork } from "./unit-of-work.ts";

export class Transaction implements Queryable {
  readonly #session: Queryable;
  readonly unitOfWork = new UnitOfWork();
  #ended = false;
  /** Savepoints made so far: each gets a name of its own. */
  #savepoints = 0;

  constructor(session: Queryable) {
    this.#session = session;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Runs a statement in the transaction; refused once it has ended, whoever still holds it. */
  async query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    if (this.#ended)
      throw new TransactionEndedError(
        "this query was started inside a transaction that has since ended: await it inside the callback",
      );
    return this.#session.query<R>(sql, params);
  }

  /** From now on, nothing more runs in it. */
  end(): void {
    this.#ended = true;
  }

  /**
   * A nested transaction: a SAVEPOINT (docs, SAVEPOINT). On success it is released and its
   * work becomes part of this transaction; if `work` throws, the transaction goes back to the
   * savepoint — the work since is undone, what came before stays — and the error goes on up.
   */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const name = `tinyorm_savepoint_${++this.#savepoints}`;
    await this.query(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.query(`ROLLBACK TO SAVEPOINT ${name}`);
      // The instances loaded or changed since may no longer match their rows.
      this.unitOfWork.clear();
      throw error;
    }
    await this.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  }
}
