// DB without a pool has one session for every caller. A transaction on it must have it to itself:
// a statement of another caller sent on the same session between BEGIN and COMMIT would run
// inside that transaction — see its uncommitted rows, and be undone by its ROLLBACK. So the
// session is lent like a pool of one: a transaction holds it from BEGIN to COMMIT, a single
// statement for the time it runs, and everyone else waits in line, first come, first served.
import type { QueryResult, Row } from "../connection.ts";
import type { SqlValue } from "../parameters.ts";
import type { Queryable } from "../query/execute.ts";

export class SessionLock implements Queryable {
  readonly #open: () => Promise<Queryable>;
  /** Settles when the last one in line is done: the next one starts after it. */
  #tail: Promise<void> = Promise.resolve();

  /** `open` gives the session, opening it the first time. */
  constructor(open: () => Promise<Queryable>) {
    this.#open = open;
  }

  /** Runs `work` with the session to itself, once every earlier holder is done. */
  withConnection<T>(work: (session: Queryable) => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let done: () => void = () => undefined;
    this.#tail = new Promise<void>((resolve) => {
      done = resolve;
    });
    return previous.then(async () => {
      try {
        return await work(await this.#open());
      } finally {
        done();
      }
    });
  }

  query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    return this.withConnection((session) => session.query<R>(sql, params));
  }
}
