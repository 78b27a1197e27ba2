// What the pool lends: one of its connections, to one caller, until release(). The caller's
// queries go through it, so the pool learns from them whether the session survived; and it is
// given back exactly once, because a connection given back twice would be lent to two callers
// at the same time, who would then run their statements in each other's transactions.
import type { Connection, QueryResult, Row } from "../connection.ts";
import { ConnectionError, DatabaseError } from "../errors.ts";
import type { SqlValue } from "../parameters.ts";
import { AlreadyReleasedError } from "./errors.ts";

/**
 * True when `error` means the session is over, so the connection must never be lent again:
 * it was lost or closed (ConnectionError), or the server ended it. A FATAL error ends the
 * session that received it, a PANIC every session (docs §20.8, table "Message Severity Levels"):
 * pg_terminate_backend() under a running query arrives as FATAL 57P01 (AdminShutdown).
 * Any other server error leaves the session as usable as before.
 */
export function endsSession(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  return error instanceof DatabaseError && (error.severity === "FATAL" || error.severity === "PANIC");
}

export class PooledConnection {
  readonly #connection: Connection;
  /** Gives the connection back to the pool; `broken` says it must be closed instead. */
  readonly #giveBack: (broken: boolean) => void;
  #released = false;
  #broken = false;

  /** Made by the pool; a caller gets one from acquire(). */
  constructor(connection: Connection, giveBack: (broken: boolean) => void) {
    this.#connection = connection;
    this.#giveBack = giveBack;
  }

  /** Runs one statement on the lent session, as Connection.query() does. */
  async query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    // After release() the session may already be lent to another caller.
    if (this.#released) throw new AlreadyReleasedError("this connection was released to the pool: acquire another");
    try {
      return await this.#connection.query<R>(sql, params);
    } catch (error) {
      if (endsSession(error)) this.#broken = true;
      throw error;
    }
  }

  /** Gives the connection back: the pool lends it again, or closes it if its session is over. */
  release(): void {
    if (this.#released) throw new AlreadyReleasedError("release() was called twice for one acquire()");
    this.#released = true;
    this.#giveBack(this.#broken);
  }
}
