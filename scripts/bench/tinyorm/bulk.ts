// A bulk load: many rows into an empty table, two ways, each by tinyorm and, for the floor, by
// hand over raw `pg`:
//
//   INSERT   multi-row statements of CHUNK_ROWS rows each. tinyorm's query builder splits a
//            statement before PostgreSQL's 65,535-parameter limit on its own; the chunk keeps
//            both sides to the same statements.
//   COPY     one COPY … FROM STDIN of the whole load: tinyorm's Model.copyFrom() (chapter 18),
//            which checks every value against the model's fields, against lines written by hand
//            into pg-copy-streams, the driver's usual COPY companion, with no checks at all.
import { pipeline } from "node:stream/promises";
import { connect, DB, execute, fields, insertInto, Model, table } from "@trilogy/tinyorm";
import pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";

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

/** The rows of a COPY as one generator, so neither side holds the load in memory. */
function* itemsUpTo(rows: number): Generator<Item> {
  for (let id = 1; id <= rows; id++) yield { id, name: `item_${id}`, score: id % 1000 };
}

class CopiedItem extends Model.table("items", {
  id: fields.int({ primaryKey: true }), // a bigint column; the ids fit a number
  // A model's static `name` is the class's own: the property takes another name.
  label: fields.text({ column: "name" }),
  score: fields.int(),
}) {}

function* labelled(items: Iterable<Item>): Generator<{ id: number; label: string; score: number }> {
  for (const { id, name, score } of items) yield { id, label: name, score };
}

export async function tinyormCopyLoader(url: string): Promise<Loader> {
  DB.configure({ url, pool: { max: 1 } });
  return {
    name: "tinyorm COPY",
    async load(rows) {
      const loaded = await CopiedItem.copyFrom(labelled(itemsUpTo(rows)));
      if (loaded !== rows) throw new Error(`copyFrom reported ${loaded} rows, not ${rows}`);
    },
    close: () => DB.close(),
  };
}

/** Lines of COPY text per write: the hand-written floor batches too, as copyFrom does. */
const COPY_LINES_PER_WRITE = 2_000;

export async function rawPgCopyLoader(url: string): Promise<Loader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    name: "pg COPY (raw)",
    async load(rows) {
      async function* lines(): AsyncGenerator<string> {
        let batch = "";
        let count = 0;
        for (const item of itemsUpTo(rows)) {
          // The values need no escaping (digits, and names of letters, digits and "_").
          batch += `${item.id}\t${item.name}\t${item.score}\n`;
          if (++count === COPY_LINES_PER_WRITE) {
            yield batch;
            batch = "";
            count = 0;
          }
        }
        if (batch) yield batch;
      }
      await pipeline(lines(), client.query(copyFromStdin('COPY "items" ("id", "name", "score") FROM STDIN')));
    },
    close: () => client.end(),
  };
}

export const LOADERS = [rawPgLoader, tinyormLoader, rawPgCopyLoader, tinyormCopyLoader] as const;
