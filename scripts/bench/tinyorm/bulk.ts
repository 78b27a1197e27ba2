// A bulk load: many rows into an empty table, as multi-row INSERT statements of `chunk` rows
// each, written by tinyorm's query builder and, for the floor, by hand over raw `pg`. The
// builder splits a statement before PostgreSQL's 65,535-parameter limit on its own; the chunk
// keeps both sides to the same statements. COPY (chapter 18) is faster still.
import { connect, execute, insertInto, table } from "@trilogy/tinyorm";
import pg from "pg";

export const ITEMS_SQL = "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, score integer NOT NULL)";

interface Item {
  id: number;
  name: string;
  score: number;
}

const items = table<Item>("items", ["id", "name", "score"]);

/** 3 parameters a row: 20,000 rows is 60,000 parameters, under the 65,535 limit. */
export const CHUNK_ROWS = 20_000;

function chunkOf(first: number, count: number): Item[] {
  return Array.from({ length: count }, (_, i) => ({
    id: first + i,
    name: `item_${first + i}`,
    score: (first + i) % 1000,
  }));
}

export interface Loader {
  readonly name: string;
  /** Inserts rows 1…rows into the empty table. */
  load(rows: number): Promise<void>;
  close(): Promise<void>;
}

export async function tinyormLoader(url: string): Promise<Loader> {
  const connection = await connect({ url });
  return {
    name: "tinyorm INSERT",
    async load(rows) {
      for (let first = 1; first <= rows; first += CHUNK_ROWS)
        await execute(connection, insertInto(items).values(chunkOf(first, Math.min(CHUNK_ROWS, rows - first + 1))));
    },
    close: () => connection.close(),
  };
}

export async function rawPgLoader(url: string): Promise<Loader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    name: "pg INSERT (raw)",
    async load(rows) {
      for (let first = 1; first <= rows; first += CHUNK_ROWS) {
        const chunk = chunkOf(first, Math.min(CHUNK_ROWS, rows - first + 1));
        const tuples = chunk.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`);
        const params = chunk.flatMap((item) => [item.id, item.name, item.score]);
        await client.query(`INSERT INTO "items" ("id", "name", "score") VALUES ${tuples.join(", ")}`, params);
      }
    },
    close: () => client.end(),
  };
}

export const LOADERS = [rawPgLoader, tinyormLoader] as const;
