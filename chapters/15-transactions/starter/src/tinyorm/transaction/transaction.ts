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
    // TODO(15): stage 15.1. Run it on the pinned session — unless the transaction has ended
    // (stage 15.2): then refuse it with TransactionEndedError, whoever still holds it.
    throw new Error("TODO(15): Transaction.query() is not implemented");
  }

  /** From now on, nothing more runs in it. */
  end(): void {
    // TODO(15): stage 15.1. Remember it: ended is true from now on.
    throw new Error("TODO(15): Transaction.end() is not implemented");
  }

  /**
   * A nested transaction: a SAVEPOINT (docs, SAVEPOINT). On success it is released and its
   * work becomes part of this transaction; if `work` throws, the transaction goes back to the
   * savepoint — the work since is undone, what came before stays — and the error goes on up.
   */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    // TODO(15): stage 15.3. SAVEPOINT with a name of its own (this.#savepoints counts them);
    // RELEASE it when `work` resolves; when it throws, ROLLBACK TO it, clear the unit of work,
    // and throw the same error on.
    throw new Error("TODO(15): Transaction.savepoint() is not implemented");
  }
}
