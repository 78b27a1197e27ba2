// What can go wrong with a transaction itself, as classes a caller can catch. An error the
// server reports inside one (a unique violation, a serialization failure) stays the
// DatabaseError it is anywhere else (../errors.ts); these say what tinyorm refused or gave up on.

export class TransactionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Work started inside a transaction ran after it had ended: a timer or a promise nobody awaited.
 * It is refused rather than run outside the transaction, where it would commit on its own.
 */
export class TransactionEndedError extends TransactionError {}

/**
 * COMMIT was answered with ROLLBACK: a statement of the transaction failed and the callback
 * caught the error and returned anyway. The server discards such a transaction (docs, COMMIT:
 * "If the transaction is in an aborted state, COMMIT … rolls back"), so nothing was kept.
 */
export class TransactionRolledBackError extends TransactionError {}

/** The callback failed with 40001 or 40P01 on every one of its attempts; `cause` is the last failure. */
export class RetriesExhaustedError extends TransactionError {
  constructor(
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`the transaction failed on all ${attempts} attempts; the last: ${messageOf(cause)}`, { cause });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
