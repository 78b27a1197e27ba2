// How a pool is configured: its size, and the durations its rules are made of. Each default is
// one named constant, with where it comes from. A pool's settings are checked once, when it is
// made, so that a mistyped option is an error at start-up and not a pool that never lends.
import type { ConnectionOptions } from "../connection.ts";
import { type Clock, systemClock } from "./clock.ts";

/**
 * The most sessions one pool opens: pg.Pool's and HikariCP's default. Every session is a
 * backend process on the server, which allows max_connections of them for everyone (100 by
 * default, docs §20.3.1), so this is a share of the server, not a knob for speed.
 */
export const DEFAULT_MAX = 10;
/** Sessions kept open when nothing happens; 0 lets an idle program hold none. */
export const DEFAULT_MIN = 0;
/**
 * How long acquire() waits for a connection: HikariCP's connectionTimeout. pg.Pool waits for
 * ever by default, and a program whose connections all leaked then hangs instead of failing.
 */
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 30_000;
/** How long a connection above min may sit idle before it is closed: pg.Pool's idleTimeoutMillis. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
/**
 * The age at which a connection is closed and replaced: HikariCP's maxLifetime. It should stay
 * below any limit a proxy, a load balancer or PgBouncer's server_lifetime puts on a session.
 */
export const DEFAULT_MAX_LIFETIME_MS = 30 * 60_000;
/**
 * A connection idle for longer than this is checked with a round trip before it is lent:
 * HikariCP's aliveBypassWindowMs. One used moments ago is lent without the cost.
 */
export const DEFAULT_VALIDATE_AFTER_IDLE_MS = 500;

export interface PoolOptions extends ConnectionOptions {
  /** The most connections open at once, in use or idle (≥ 1). */
  max?: number;
  /** Connections kept open even when idle (0 … max). */
  min?: number;
  /** How long acquire() waits before PoolTimeoutError. */
  acquireTimeoutMs?: number;
  /** How long a connection above min may sit idle before it is closed. */
  idleTimeoutMs?: number;
  /** The age at which a connection is closed instead of lent again. */
  maxLifetimeMs?: number;
  /** How long a connection may sit idle and still be lent without a check. */
  validateAfterIdleMs?: number;
  /** The time the pool reads; the system's by default. */
  clock?: Clock;
}

/** Every option given a value; durations in milliseconds, Infinity for never. */
export interface PoolSettings {
  readonly max: number;
  readonly min: number;
  readonly acquireTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxLifetimeMs: number;
  readonly validateAfterIdleMs: number;
  readonly clock: Clock;
  /** What each new connection is opened with: the URL, the application name … */
  readonly connection: ConnectionOptions;
}

export function poolSettings(options: PoolOptions): PoolSettings {
  const {
    max = DEFAULT_MAX,
    min = DEFAULT_MIN,
    acquireTimeoutMs = DEFAULT_ACQUIRE_TIMEOUT_MS,
    idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
    maxLifetimeMs = DEFAULT_MAX_LIFETIME_MS,
    validateAfterIdleMs = DEFAULT_VALIDATE_AFTER_IDLE_MS,
    clock = systemClock,
    ...connection
  } = options;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a whole number of at least 1, not ${max}`);
  if (!Number.isInteger(min) || min < 0 || min > max)
    throw new RangeError(`min must be a whole number from 0 to max (${max}), not ${min}`);
  const durations = { acquireTimeoutMs, idleTimeoutMs, maxLifetimeMs, validateAfterIdleMs };
  for (const [name, ms] of Object.entries(durations)) {
    // `!(ms >= 0)` also refuses NaN, which every comparison would quietly treat as false.
    if (!(ms >= 0)) throw new RangeError(`${name} must be a number of milliseconds ≥ 0 (or Infinity), not ${ms}`);
  }
  return { max, min, ...durations, clock, connection };
}
