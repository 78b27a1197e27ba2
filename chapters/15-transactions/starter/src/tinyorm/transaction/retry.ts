// Running a whole transaction again when the server gave up on it. Two errors mean "nothing of
// this transaction was kept, and the same work may well succeed now" (docs §13.5, "Serialization
// Failure Handling"): 40001 serialization_failure (another transaction changed what this one
// read) and 40P01 deadlock_detected (this one was chosen to end a cycle of lock waits). The
// whole callback runs again, from BEGIN, because every value it read belongs to the failed
// snapshot. Anything else — a unique violation, a bug — would fail the same way again: it is
// never retried.
//
// Attempts that fail together would collide again if they came back together, so each waits a
// random time below an exponentially growing cap ("full jitter"): attempt n waits
// random() × min(maxDelayMs, baseDelayMs × 2^(n−1)) before attempt n + 1.
import { DeadlockDetected, SerializationFailure } from "../errors.ts";
import { RetriesExhaustedError } from "./errors.ts";

/** The first wait's cap: a conflict between short transactions is usually over in milliseconds. */
export const DEFAULT_BASE_DELAY_MS = 10;
/** No wait is longer than this, however many attempts failed. */
export const DEFAULT_MAX_DELAY_MS = 1_000;

export interface RetryOptions {
  /** Attempts in all, the first included: 3 means at most two re-runs. */
  maxAttempts: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How to wait; a check passes one that records the delays and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1): the jitter. */
  random?: () => number;
}

/** The errors after which running the same transaction again may succeed. */
export function isRetryable(error: unknown): boolean {
  // TODO(15): stage 15.5. SerializationFailure (40001) and DeadlockDetected (40P01), nothing else.
  throw new Error("TODO(15): isRetryable() is not implemented");
}

/** How long to wait after failed attempt `attempt` (counted from 1). */
export function backoffMs(attempt: number, options: RetryOptions): number {
  // TODO(15): stage 15.5. Full jitter: random() × min(maxDelayMs, baseDelayMs × 2^(attempt − 1)),
  // rounded down; the defaults are DEFAULT_BASE_DELAY_MS and DEFAULT_MAX_DELAY_MS.
  throw new Error("TODO(15): backoffMs() is not implemented");
}

/** Runs `attempt` until it succeeds, fails with an error that is not retryable, or maxAttempts ran out. */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1)
    throw new RangeError(`retry.maxAttempts must be a whole number of at least 1, not ${options.maxAttempts}`);
  // TODO(15): stage 15.5. Attempt after attempt: return the first success; rethrow an error that
  // is not retryable; after maxAttempts, throw RetriesExhaustedError(attempts, lastError);
  // between attempts, sleep (options.sleep, or defaultSleep) for backoffMs(n, options).
  throw new Error("TODO(15): withRetry() is not implemented");
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
