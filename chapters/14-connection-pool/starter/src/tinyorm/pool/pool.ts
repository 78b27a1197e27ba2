// A pool of sessions with PostgreSQL, over chapter 11's connections. Opening a session costs a
// TCP handshake, authentication and a new backend process on the server, and the server allows
// only max_connections of them for everyone. So a pool opens a few, lends each to one caller at
// a time, and takes it back to lend again:
//
//   acquire() ─► an idle one? ── yes ─► usable? ── yes ─► lent ── release() ─► idle again, or closed
//                   │ no                   │ no (too old, or dead)                (its session ended,
//                   ▼                      ▼                                       too old, pool ending)
//              below max? ── yes ─► open one      close it, try again
//                   │ no
//                   ▼
//              wait in line (first come, first served) until one is released, or PoolTimeoutError
//
// A connection is opening, idle, in use or closed; every rule is written against those counts
// and a few times per connection: never more than max open or opening, min kept open, an idle
// one above min closed after idleTimeoutMs, an old one closed instead of lent again, one idle
// for a while checked before it is lent, and a broken one never lent at all.
import { type Connection, connect, type QueryResult, type Row } from "../connection.ts";
import type { SqlValue } from "../parameters.ts";
import type { Cancel, Clock } from "./clock.ts";
import { PoolClosedError, PoolTimeoutError } from "./errors.ts";
import { type PoolOptions, type PoolSettings, poolSettings } from "./options.ts";
// biome-ignore lint/style/useImportType: the code you write here makes PooledConnections
import { PooledConnection } from "./pooled-connection.ts";
import { WaiterQueue } from "./waiters.ts";

/** The cheapest statement the server must answer: its answer proves the session is alive. */
export const VALIDATION_SQL = "SELECT 1";

export interface PoolStats {
  /** Connections open or opening: never more than max. */
  total: number;
  idle: number;
  inUse: number;
  opening: number;
  /** Callers in acquire(), waiting for a connection. */
  waiting: number;
  /** Connections opened since the pool was made. */
  created: number;
  /** Connections closed since the pool was made, for whatever reason. */
  destroyed: number;
}

/** One session the pool owns, with the times its rules are measured from. */
interface Member {
  readonly connection: Connection;
  readonly createdAt: number;
  /** When it was opened or last given back. */
  idleSince: number;
  /** Stops its idle timeout; set each time it becomes idle. */
  cancelIdleTimeout: Cancel;
}

export class Pool {
  readonly #settings: PoolSettings;
  readonly #clock: Clock;
  /**
   * Idle connections, used as a stack: the one given back last is lent first. A light load then
   * keeps reusing the same few, and the surplus stays idle long enough to be closed.
   */
  readonly #idle: Member[] = [];
  readonly #inUse = new Set<Member>();
  readonly #waiters: WaiterQueue<Member>;
  #opening = 0;
  #created = 0;
  #destroyed = 0;
  /** close() calls in flight: end() resolves after the last one. */
  readonly #closing = new Set<Promise<void>>();
  /** Set by end(): from then on the pool lends nothing. */
  #ended: Promise<void> | undefined;
  /** Resolves end()'s promise once nothing is open, opening or closing. */
  #drained: (() => void) | undefined;

  constructor(options: PoolOptions) {
    this.#settings = poolSettings(options);
    this.#clock = this.#settings.clock;
    this.#waiters = new WaiterQueue(this.#clock);
    // TODO(14): open connections until min of them are open or opening (stage 14.1).
  }

  /** Lends a connection until its release(); waits at most acquireTimeoutMs for one. */
  async acquire(): Promise<PooledConnection> {
    // TODO(14): refuse with PoolClosedError once end() was called. Join the waiter queue with one
    // deadline for the whole call (now + acquireTimeoutMs, on #clock) and serve the queue: idle
    // connections first (the last one given back), then new ones while total < max. Before
    // lending a member, check it: too old (maxLifetimeMs), or idle for validateAfterIdleMs and
    // not answering VALIDATION_SQL, and it is closed and the caller tries again. Lend it as
    // new PooledConnection(member.connection, (broken) => … give it back …).
    throw new Error("TODO(14): Pool.acquire() is not implemented");
  }

  /** Runs one statement on a connection of the pool, released as soon as it is done. */
  async query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    // TODO(14): withConnection(), running the one query.
    throw new Error("TODO(14): Pool.query() is not implemented");
  }

  /** Runs `work` with a connection of its own, and releases it however `work` ends. */
  async withConnection<T>(work: (connection: PooledConnection) => Promise<T>): Promise<T> {
    // TODO(14): acquire(), await work(connection), and release() in a finally block.
    throw new Error("TODO(14): Pool.withConnection() is not implemented");
  }

  stats(): PoolStats {
    // TODO(14): the counts, as they are now.
    throw new Error("TODO(14): Pool.stats() is not implemented");
  }

  /**
   * Ends the pool: every waiting caller fails with PoolClosedError, idle connections close now,
   * lent ones when they are released, ones still opening as soon as they open. Resolves once
   * every session is closed. Calling it again returns the same promise.
   */
  async end(): Promise<void> {
    // TODO(14): the first call makes #ended (keep its resolve in #drained), fails every waiter,
    // closes every idle member, and resolves #ended once nothing is open, opening or closing.
    throw new Error("TODO(14): Pool.end() is not implemented");
  }
}
