// COPY … FROM STDIN: the server's own bulk loader (docs: COPY). No statement per row, no
// parameters, no plan: the rows stream in as text, each line one row, and the server parses
// them straight into the table — many times the rows per second of any INSERT.
//
//   COPY "users" ("username", "karma") FROM STDIN
//   ada<TAB>3<LF>grace<TAB>\N<LF>…      CopyData messages of COPY_CHUNK_CHARS each, then CopyDone
//
// COPY is one statement, so it is all or nothing: a row the server refuses (a value its type
// cannot read, a unique violation) aborts it, and the table holds none of the load. A row this
// side refuses — it does not fit the model's fields — aborts it too, with CopyFail, however many
// chunks have gone already. Either way the caller gets a BulkRowError that names the row.
import pg from "pg";
import { DatabaseError } from "../errors.ts";
import { DB } from "../model/db.ts";
import { quoteIdentifier, quoteQualified } from "../query/identifiers.ts";
import { TABLE } from "../query/table.ts";
import type { ModelLike } from "../relations/relation-types.ts";
import { copyLine } from "./copy-format.ts";
import { copyData } from "./copy-in.ts";
import { BulkRowError } from "./errors.ts";
import { type Cells, cellsFor, definitionOf } from "./model-rows.ts";

/**
 * How much text goes in one CopyData message. Large enough that the per-message cost vanishes,
 * small enough that a load of millions of rows is never held in memory whole.
 */
export const COPY_CHUNK_CHARS = 64 * 1024;

/** The rows of a COPY: any iterable, sync or async, so a load can stream from a file or a generator. */
export type CopyRows<T> = Iterable<T> | AsyncIterable<T>;

/** The server names the line of a refused row in the error's context: "COPY users, line 3, column karma: …". */
const SERVER_LINE = /\bCOPY [^,]+, line (\d+)/;

/** Loads `rows` into `model`'s table with one COPY, all or none; resolves with how many rows. */
export async function copyFrom(model: ModelLike, rows: CopyRows<object>): Promise<number> {
  const source: AsyncIterator<object> | Iterator<object> =
    Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  const first = await source.next();
  if (first.done) return 0;
  // Every row of a COPY sends the same columns: those of the first.
  const head = cellsFor(model, first.value, 1);
  const columns = Object.keys(head);
  const sql = `COPY ${quoteQualified(definitionOf(model).table[TABLE].name)} (${columns.map(quoteIdentifier).join(", ")}) FROM STDIN`;
  const session = await DB.queryable();
  try {
    const { rowCount } = await session.query(sql, copyData(chunks(model, columns, head, source)));
    return rowCount;
  } catch (error) {
    throw withRow(error);
  }
}

/** The rows as COPY text, COPY_CHUNK_CHARS at a time; a row that does not fit throws BulkRowError. */
async function* chunks(
  model: ModelLike,
  columns: readonly string[],
  head: Cells,
  rest: AsyncIterator<object> | Iterator<object>,
): AsyncGenerator<string> {
  const expected = columns.join(", ");
  let chunk = lineOf(columns, head, 1);
  for (let row = 2; ; row++) {
    const next = await rest.next();
    if (next.done) break;
    const cells = cellsFor(model, next.value, row);
    const given = Object.keys(cells).join(", ");
    if (given !== expected) {
      throw new BulkRowError(
        row,
        `gives the columns (${given}) where row 1 gives (${expected}): every row of a COPY sends the same columns`,
      );
    }
    chunk += lineOf(columns, cells, row);
    if (chunk.length >= COPY_CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}

function lineOf(columns: readonly string[], cells: Cells, row: number): string {
  try {
    return copyLine(columns.map((column) => cells[column]));
  } catch (error) {
    throw new BulkRowError(row, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The server's refusal of one row as a BulkRowError naming it; anything else as it is. */
function withRow(error: unknown): unknown {
  if (!(error instanceof DatabaseError) || !(error.cause instanceof pg.DatabaseError)) return error;
  const line = SERVER_LINE.exec(error.cause.where ?? "")?.[1];
  return line === undefined ? error : new BulkRowError(Number(line), error.message, { cause: error });
}
