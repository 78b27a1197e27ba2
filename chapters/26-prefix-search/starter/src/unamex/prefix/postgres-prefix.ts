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
import { checkSearch } from "./arguments.ts";
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
    // TODO(26): CREATE TABLE IF NOT EXISTS prefix_names (name text COLLATE "C" PRIMARY KEY).
    throw new Error(`TODO(26): PostgresPrefix.createSchema() is not implemented (${PREFIX_TABLE})`);
  }

  /** Inserts `names` (a name already there is kept once), then refreshes the planner's statistics. */
  async load(names: Iterable<string>): Promise<void> {
    // TODO(26): INSERT … SELECT unnest($1::text[]) ON CONFLICT DO NOTHING per INSERT_BATCH names; then ANALYZE.
    throw new Error(`TODO(26): PostgresPrefix.load() is not implemented (${typeof names}, batches of ${INSERT_BATCH})`);
  }

  /** The statement search() runs: a range on the primary key, [prefix, successor) or (after, successor). */
  query(prefix: string, options?: SearchOptions): Query {
    // TODO(26): checkSearch(); name >= $1 (name > $1 after a cursor) AND name < $2 when there is a successor,
    // ORDER BY name LIMIT limit + 1.
    throw new Error(
      `TODO(26): PostgresPrefix.query() is not implemented (prefix ${JSON.stringify(prefix)}, ${typeof checkSearch}, ${typeof prefixSuccessor}, ${typeof options})`,
    );
  }

  async search(prefix: string, options?: SearchOptions): Promise<Page> {
    // TODO(26): run query(); pageOf() of the names it returns.
    throw new Error(
      `TODO(26): PostgresPrefix.search() is not implemented (prefix ${JSON.stringify(prefix)}, ${typeof pageOf}, ${typeof options})`,
    );
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}
