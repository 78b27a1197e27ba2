// The transactions of chapter 15, as tinyorm exports them. DB.transaction() and DB.idempotent()
// are on DB (model/db.ts); this is what they are made of.
export {
  RetriesExhaustedError,
  TransactionEndedError,
  TransactionError,
  TransactionRolledBackError,
} from "./errors.ts";
export { type Claim, claimKey, IDEMPOTENCY_TABLE, IDEMPOTENCY_TABLE_SQL, recordResult } from "./idempotency.ts";
export { type BeginOptions, beginStatement, DEFAULT_ISOLATION, type IsolationLevel } from "./isolation.ts";
export {
  backoffMs,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  isRetryable,
  type RetryOptions,
  withRetry,
} from "./retry.ts";
export { SessionLock } from "./session-lock.ts";
export { Transaction } from "./transaction.ts";
export { type Tracked, UnitOfWork } from "./unit-of-work.ts";
