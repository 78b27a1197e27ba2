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
    throw new Error(
      "TODO(19): ReplicaRouter.query — plain reads to a standby (#readerFor), everything else to the primary, then #noteWrite()",
    );
  }

  /** A session for a transaction: always the primary's. Its writes count for read-your-writes. */
  async withConnection<T>(work: (session: Queryable) => Promise<T>): Promise<T> {
    throw new Error(
      "TODO(19): ReplicaRouter.withConnection — a transaction's session is the primary's; note the write after it",
    );
  }

  /** Runs `work` as one scope whose reads see its own writes (read-your-writes.ts). */
  readYourWrites<T>(work: () => Promise<T>): Promise<T> {
    return this.#readYourWrites.run(work);
  }

  /** How far each standby is behind the primary, now. */
  lag(): Promise<ReplicaLag[]> {
    throw new Error("TODO(19): ReplicaRouter.lag — replicaLag(primary, standby) for each standby");
  }

  /**
   * Makes the standby at `url` the primary, once it has been promoted: writes and reads go to it
   * from now on. The old primary is dropped — cut off, it would serve stale reads, and take
   * writes nobody else sees — and so are the other standbys: they follow the old primary's
   * timeline, not the new one, until they are re-pointed (DB.configure() again with them).
   */
  async failover(url: string): Promise<void> {
    throw new Error(
      "TODO(19): ReplicaRouter.failover — refuse a node still in recovery; make the promoted one the primary and drop the others",
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.#primary, ...this.#replicas].map((node) => node.close()));
  }

  /** The server a read goes to: the next standby, unless this scope's writes are not there yet. */
  async #readerFor(): Promise<Node> {
    throw new Error(
      "TODO(19): #readerFor — the next standby in turn, unless this scope's writes are not replayed there yet",
    );
  }

  /** Inside a readYourWrites() scope, remembers where the write just made ends in the WAL. */
  async #noteWrite(): Promise<void> {
    throw new Error("TODO(19): #noteWrite — inside readYourWrites(), token.wrote(writtenLsn(primary))");
  }

  #open(url: string): Node {
    const { replicas: _replicas, pool, ...connection } = this.#options;
    return new Node({ ...connection, url }, pool);
  }
}
