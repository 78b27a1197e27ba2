// What can go wrong between a caller and the pool, as classes a caller can catch. None of them
// comes from the server: an error the server reports on a pooled connection is the same
// DatabaseError it is on a connection of one's own (../errors.ts).

export class PoolError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * No connection came free within acquireTimeoutMs. The counts are the pool's state at that
 * moment, so the message tells a leak (all in use, for ever) from a burst (a long queue).
 */
export class PoolTimeoutError extends PoolError {
  constructor(
    readonly timeoutMs: number,
    /** Connections lent to callers. */
    readonly inUse: number,
    /** The pool's max. */
    readonly max: number,
    /** Callers waiting for a connection, the one that gave up included. */
    readonly waiting: number,
  ) {
    super(`no connection within ${timeoutMs} ms: ${inUse} of ${max} in use, ${waiting} waiting`);
  }
}

/** The pool is ending or has ended: it lends nothing more. */
export class PoolClosedError extends PoolError {}

/** A connection given back already: release() a second time, or a query after release(). */
export class AlreadyReleasedError extends PoolError {}
