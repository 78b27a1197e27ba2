// The Postgres engine: one table whose primary key orders names by bytes. Under COLLATE "C" the
// B-tree compares with strcmp() (https://www.postgresql.org/docs/current/collation.html), so
//
//   name >= $prefix AND name < $successor ORDER BY name LIMIT n
//
// is an Index Cond: one descent to the first match and a walk of n entries. Under a linguistic
// collation (en_US) the index order is not byte order, the range is not the prefix's, and a
// LIKE 'ab%' cannot use the index at all: a Seq Scan of a million rows. text_pattern_ops would
// serve the same range; a COLLATE "C" column is simpler and its ORDER BY is byte order too.
import { Database, type SqlValue } from "@trilogy/tinyorm";
import { type CheckedSearch, checkSearch } from "./arguments.ts";
import { pageOf } from "./cursor.ts";
import type { Page, PrefixEngine, SearchOptions } from "./engine.ts";
import { prefixSuccessor } from "./successor.ts";

export const PREFIX_TABLE = "prefix_names";
/** Names per INSERT: one array parameter each. */
export const INSERT_BATCH = 10_000;

export interface Query {
  text: string;
  values: SqlValue[];
}

export class PostgresPrefix implements PrefixEngine {
  readonly #db = new Database();

  constructor(readonly url: string) {
    this.#db.configure({ url, applicationName: "unamex prefix", pool: { max: 2 } });
  }

  async createSchema(): Promise<void> {
    await this.#run({
      text: `CREATE TABLE IF NOT EXISTS ${PREFIX_TABLE} (name text COLLATE "C" PRIMARY KEY)`,
      values: [],
    });
  }

  /** Inserts `names` (a name already there is kept once), then refreshes the planner's statistics. */
  async load(names: Iterable<string>): Promise<void> {
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length > 0)
        await this.#run({
          text: `INSERT INTO ${PREFIX_TABLE} (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
          values: [batch],
        });
      batch = [];
    };
    for (const name of names) {
      batch.push(name);
      if (batch.length >= INSERT_BATCH) await flush();
    }
    await flush();
    await this.#run({ text: `ANALYZE ${PREFIX_TABLE}`, values: [] });
  }

  /** The statement search() runs: a range on the primary key, [prefix, successor) or (after, successor). */
  query(prefix: string, options?: SearchOptions): Query {
    return this.#plan(checkSearch(prefix, options));
  }

  async search(prefix: string, options?: SearchOptions): Promise<Page> {
    const checked = checkSearch(prefix, options);
    const { rows } = await this.#run(this.#plan(checked));
    return pageOf(
      rows.map((row) => String(row.name)),
      checked.limit,
    );
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  #plan({ prefix: checked, limit, after }: CheckedSearch): Query {
    const successor = prefixSuccessor(checked);
    const values: SqlValue[] = [after ?? checked];
    const conditions = [after === null ? "name >= $1" : "name > $1"];
    if (successor !== null) conditions.push(`name < $${values.push(successor)}`);
    const text = `SELECT name FROM ${PREFIX_TABLE} WHERE ${conditions.join(" AND ")} ORDER BY name LIMIT $${values.push(limit + 1)}`;
    return { text, values };
  }

  async #run(query: Query) {
    return (await this.#db.queryable()).query(query.text, query.values);
  }
}
