// The pool of chapter 14, as tinyorm exports it.
export { type Cancel, type Clock, systemClock } from "./clock.ts";
export { AlreadyReleasedError, PoolClosedError, PoolError, PoolTimeoutError } from "./errors.ts";
export {
  DEFAULT_ACQUIRE_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX,
  DEFAULT_MAX_LIFETIME_MS,
  DEFAULT_MIN,
  DEFAULT_VALIDATE_AFTER_IDLE_MS,
  type PoolOptions,
} from "./options.ts";
export { Pool, type PoolStats } from "./pool.ts";
export { endsSession, PooledConnection } from "./pooled-connection.ts";
