// The router behind DB when it is configured with replicas: `DB.configure({ url, replicas: [url] })`.
//
//            writes, locks, transactions ──────────────► primary ──WAL──┐
//   DB ─► router                                                          ▼
//            plain SELECTs ──────────────► standby (replays the primary's WAL, a little behind)
//
// A statement that is plainly a read (statement.ts) goes to a standby, in turn; everything else,
// and every statement of a transaction — its reads too, which must see its own writes and hold
// its snapshot — goes to the primary. Inside readYourWrites() a read goes to the primary until
// a standby has replayed the scope's writes (read-your-writes.ts). failover() makes a promoted
// standby the primary.
import type { ConnectionOptions, QueryResult, Row } from "../connection.ts";
import type { SqlValue } from "../parameters.ts";
import type { PoolOptions } from "../pool/options.ts";
import type { Queryable } from "../query/execute.ts";
import { FailoverError } from "./errors.ts";
import { assertPromoted } from "./failover.ts";
import { replayedLsn, replicaLag, writtenLsn } from "./lag.ts";
import { Node } from "./node.ts";
import { ReadYourWrites } from "./read-your-writes.ts";
import { isRead } from "./statement.ts";

export interface RouterOptions extends ConnectionOptions {
  /** The standbys' URLs: plain reads go to them in turn. */
  replicas: readonly string[];
  /** A pool per server, with these limits; without it, one connection per server. */
  pool?: Omit<PoolOptions, keyof ConnectionOptions>;
}

/** How far one standby is behind the primary. */
export interface ReplicaLag {
  url: string;
  /** Bytes of WAL it has still to replay. */
  bytes: number;
}

export class ReplicaRouter implements Queryable {
  readonly #options: RouterOptions;
  #primary: Node;
  #replicas: Node[];
  /** The next standby to read from: reads go round them in turn. */
  #next = 0;
  readonly #readYourWrites = new ReadYourWrites();

  constructor(options: RouterOptions) {
    this.#options = options;
    this.#primary = this.#open(options.url);
    this.#replicas = options.replicas.map((url) => this.#open(url));
  }

  /** The primary's URL: after failover(), the promoted standby's. */
  get primaryUrl(): string {
    return this.#primary.url;
  }

  get replicaUrls(): string[] {
    return this.#replicas.map((node) => node.url);
  }

  async query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    if (isRead(sql)) return (await this.#readerFor()).query<R>(sql, params);
    const result = await this.#primary.query<R>(sql, params);
    await this.#noteWrite();
    return result;
  }

  /** A session for a transaction: always the primary's. Its writes count for read-your-writes. */
  async withConnection<T>(work: (session: Queryable) => Promise<T>): Promise<T> {
    const result = await this.#primary.withConnection(work);
    await this.#noteWrite();
    return result;
  }

  /** Runs `work` as one scope whose reads see its own writes (read-your-writes.ts). */
  readYourWrites<T>(work: () => Promise<T>): Promise<T> {
    return this.#readYourWrites.run(work);
  }

  /** How far each standby is behind the primary, now. */
  lag(): Promise<ReplicaLag[]> {
    return Promise.all(
      this.#replicas.map(async (node) => ({ url: node.url, bytes: await replicaLag(this.#primary, node) })),
    );
  }

  /**
   * Makes the standby at `url` the primary, once it has been promoted: writes and reads go to it
   * from now on. The old primary is dropped — cut off, it would serve stale reads, and take
   * writes nobody else sees — and so are the other standbys: they follow the old primary's
   * timeline, not the new one, until they are re-pointed (DB.configure() again with them).
   */
  async failover(url: string): Promise<void> {
    const promoted = this.#replicas.find((node) => node.url === url);
    if (!promoted)
      throw new FailoverError(`${url} is not one of this router's standbys (${this.replicaUrls.join(", ")})`);
    await assertPromoted(promoted, promoted.server);
    const dropped = [this.#primary, ...this.#replicas.filter((node) => node !== promoted)];
    this.#primary = promoted;
    this.#replicas = [];
    this.#next = 0;
    await Promise.all(dropped.map((node) => node.close().catch(() => undefined)));
  }

  async close(): Promise<void> {
    await Promise.all([this.#primary, ...this.#replicas].map((node) => node.close()));
  }

  /** The server a read goes to: the next standby, unless this scope's writes are not there yet. */
  async #readerFor(): Promise<Node> {
    if (this.#replicas.length === 0) return this.#primary;
    const replica = this.#replicas[this.#next++ % this.#replicas.length]!;
    const token = this.#readYourWrites.current();
    if (token?.lsn === undefined) return replica;
    return token.replayedBy(await replayedLsn(replica)) ? replica : this.#primary;
  }

  /** Inside a readYourWrites() scope, remembers where the write just made ends in the WAL. */
  async #noteWrite(): Promise<void> {
    const token = this.#readYourWrites.current();
    if (token) token.wrote(await writtenLsn(this.#primary));
  }

  #open(url: string): Node {
    const { replicas: _replicas, pool, ...connection } = this.#options;
    return new Node({ ...connection, url }, pool);
  }
}
