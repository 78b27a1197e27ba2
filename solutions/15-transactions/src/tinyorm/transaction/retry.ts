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
  return error instanceof SerializationFailure || error instanceof DeadlockDetected;
}

/** How long to wait after failed attempt `attempt` (counted from 1). */
export function backoffMs(attempt: number, options: RetryOptions): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const cap = Math.min(max, base * 2 ** (attempt - 1));
  return Math.floor((options.random ?? Math.random)() * cap);
}

/** Runs `attempt` until it succeeds, fails with an error that is not retryable, or maxAttempts ran out. */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1)
    throw new RangeError(`retry.maxAttempts must be a whole number of at least 1, not ${options.maxAttempts}`);
  const sleep = options.sleep ?? defaultSleep;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (n >= options.maxAttempts) throw new RetriesExhaustedError(n, error);
      await sleep(backoffMs(n, options));
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
