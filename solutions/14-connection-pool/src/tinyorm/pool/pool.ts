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
    this.#fill();
  }

  /** Lends a connection until its release(); waits at most acquireTimeoutMs for one. */
  async acquire(): Promise<PooledConnection> {
    // One deadline for the whole call: a connection found broken on the way does not restart it.
    const deadline = this.#clock.now() + this.#settings.acquireTimeoutMs;
    for (;;) {
      if (this.#ended) throw new PoolClosedError("the pool has ended: end() was called");
      const member = await this.#next(deadline);
      if (await this.#usable(member))
        return new PooledConnection(member.connection, (broken) => this.#giveBack(member, broken));
      this.#destroy(member);
    }
  }

  /** Runs one statement on a connection of the pool, released as soon as it is done. */
  async query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    return this.withConnection((connection) => connection.query<R>(sql, params));
  }

  /** Runs `work` with a connection of its own, and releases it however `work` ends. */
  async withConnection<T>(work: (connection: PooledConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      connection.release();
    }
  }

  stats(): PoolStats {
    return {
      total: this.#total,
      idle: this.#idle.length,
      inUse: this.#inUse.size,
      opening: this.#opening,
      waiting: this.#waiters.length,
      created: this.#created,
      destroyed: this.#destroyed,
    };
  }

  /**
   * Ends the pool: every waiting caller fails with PoolClosedError, idle connections close now,
   * lent ones when they are released, ones still opening as soon as they open. Resolves once
   * every session is closed. Calling it again returns the same promise.
   */
  end(): Promise<void> {
    if (!this.#ended) {
      this.#ended = new Promise((resolve) => {
        this.#drained = resolve;
      });
      this.#waiters.failAll(new PoolClosedError("the pool was ended while waiting for a connection"));
      for (const member of [...this.#idle]) this.#destroy(member);
      this.#settle();
    }
    return this.#ended;
  }

  get #total(): number {
    return this.#idle.length + this.#inUse.size + this.#opening;
  }

  /** The next connection for this caller, through the queue: nobody overtakes those already waiting. */
  #next(deadline: number): Promise<Member> {
    const next = this.#waiters.wait(deadline - this.#clock.now(), () => this.#timeoutError());
    this.#dispatch();
    return next;
  }

  #timeoutError(): PoolTimeoutError {
    const { acquireTimeoutMs, max } = this.#settings;
    return new PoolTimeoutError(acquireTimeoutMs, this.#inUse.size, max, this.#waiters.length);
  }

  /** Serves the queue: with idle connections first, then with new ones while there is room below max. */
  #dispatch(): void {
    while (this.#waiters.length > 0 && this.#idle.length > 0) {
      const member = this.#idle.pop()!;
      member.cancelIdleTimeout();
      this.#inUse.add(member);
      this.#waiters.serve(member);
    }
    // One connection opening for each caller left waiting, as far as max allows.
    while (this.#waiters.length > this.#opening && this.#total < this.#settings.max) this.#open();
  }

  #open(): void {
    this.#opening++;
    connect(this.#settings.connection).then(
      (connection) => {
        this.#opening--;
        this.#created++;
        const now = this.#clock.now();
        const member: Member = { connection, createdAt: now, idleSince: now, cancelIdleTimeout: () => undefined };
        // Opened after end(): it is closed at once, and end() waits for that.
        if (this.#ended) return this.#destroy(member);
        this.#park(member);
        this.#dispatch();
      },
      (error: unknown) => {
        this.#opening--;
        // The caller first in line learns why. With nobody waiting (min being filled), nobody
        // asked: the next acquire() opens one again, and meets the error itself if it lasts.
        this.#waiters.failFirst(error);
        this.#dispatch();
        this.#settle();
      },
    );
  }

  /** Opens connections until min are open or opening, so a burst does not wait for handshakes. */
  #fill(): void {
    while (!this.#ended && this.#total < this.#settings.min) this.#open();
  }

  /** Makes a connection idle, with its idle timeout running. */
  #park(member: Member): void {
    member.idleSince = this.#clock.now();
    member.cancelIdleTimeout = this.#clock.schedule(this.#settings.idleTimeoutMs, () => {
      // Down to min and no further: those stay open for the next burst.
      if (this.#total > this.#settings.min) this.#destroy(member);
    });
    this.#idle.push(member);
  }

  /** Whether a connection may be lent: young enough, and alive if it sat idle long enough to have died unseen. */
  async #usable(member: Member): Promise<boolean> {
    if (this.#expired(member)) return false;
    if (this.#clock.now() - member.idleSince < this.#settings.validateAfterIdleMs) return true;
    try {
      await member.connection.query(VALIDATION_SQL);
      return true;
    } catch {
      return false;
    }
  }

  #expired(member: Member): boolean {
    return this.#clock.now() - member.createdAt >= this.#settings.maxLifetimeMs;
  }

  /** A lent connection comes back: lent again, or closed if its session ended, it is too old, or the pool is ending. */
  #giveBack(member: Member, broken: boolean): void {
    if (broken || this.#ended || this.#expired(member)) return this.#destroy(member);
    this.#inUse.delete(member);
    this.#park(member);
    this.#dispatch();
  }

  /** Closes a connection and forgets it, then opens what min and the waiting callers now need. */
  #destroy(member: Member): void {
    this.#inUse.delete(member);
    const at = this.#idle.indexOf(member);
    if (at !== -1) this.#idle.splice(at, 1);
    member.cancelIdleTimeout();
    this.#destroyed++;
    // A lost session's close() has nothing left to do, and nothing to report to anyone.
    const closing: Promise<void> = member.connection
      .close()
      .catch(() => undefined)
      .finally(() => {
        this.#closing.delete(closing);
        this.#settle();
      });
    this.#closing.add(closing);
    this.#fill();
    this.#dispatch();
  }

  /** Resolves end() once nothing is open, opening or closing. */
  #settle(): void {
    if (this.#drained && this.#total === 0 && this.#closing.size === 0) this.#drained();
  }
}
