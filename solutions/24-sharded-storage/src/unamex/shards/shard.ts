// One shard: a name the picker places keys on, and the database that holds those keys.
//
// tinyorm's models run on one global DB (model/db.ts): Username.find() cannot be told to ask
// shard-3. What can address several databases at once is the class behind that global, Database,
// of which a shard keeps an instance of its own: its own pool, and its own transaction() that
// runs a callback on one session and commits or rolls back. The statements are chapter 12's
// builder over the model's table, or plain SQL where the builder has no word for it (= ANY, COPY).
import { Database, type Queryable, type QueryResult, type Row, type SqlValue } from "@trilogy/tinyorm";

/** Sessions each shard's pool may open: one for a scatter or a load batch, one for a lookup beside it. */
export const DEFAULT_CONNECTIONS_PER_SHARD = 2;

export class Shard {
  readonly #db = new Database();

  constructor(
    /** The node name the picker places keys on: "shard-0". */
    readonly name: string,
    readonly url: string,
    connections = DEFAULT_CONNECTIONS_PER_SHARD,
  ) {
    this.#db.configure({ url, applicationName: `unamex ${name}`, pool: { max: connections } });
  }

  /** One statement on a pooled session of this shard. */
  async query<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<R>> {
    return (await this.#db.queryable()).query<R>(sql, params);
  }

  /** `work` in one transaction on one session of this shard: all of it committed, or none. */
  transaction<T>(work: (session: Queryable) => Promise<T>): Promise<T> {
    return this.#db.transaction(async () => work(await this.#db.queryable()));
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}
