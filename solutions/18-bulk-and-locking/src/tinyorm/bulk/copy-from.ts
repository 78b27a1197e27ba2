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
//
// A load is millions of rows, so the loop that writes them is the one place in tinyorm built for
// speed: no instance per row (create() would make one, check every value twice and copy it),
// but one encoder per column, made once, that checks a value with its field and writes it as
// text straight onto the chunk being built. A row the encoders cannot write is handed to the
// model itself (cellsFor), whose error says exactly what is wrong with it.
import pg from "pg";
import { DatabaseError } from "../errors.ts";
import { DB } from "../model/db.ts";
import type { Definition } from "../model/model.ts";
import type { Schema } from "../model/row-types.ts";
import type { SqlValue } from "../parameters.ts";
import { quoteIdentifier, quoteQualified } from "../query/identifiers.ts";
import { TABLE } from "../query/table.ts";
import type { ModelLike } from "../relations/relation-types.ts";
import { COPY_DELIMITER, COPY_NEWLINE, COPY_NULL, copyLine, copyValue } from "./copy-format.ts";
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

type Property = Definition<Schema>["properties"][number];
type Values = Readonly<Record<string, unknown>>;

/** Loads `rows` into `model`'s table with one COPY, all or none; resolves with how many rows. */
export async function copyFrom(model: ModelLike, rows: CopyRows<object>): Promise<number> {
  const source: AsyncIterator<object> | Iterator<object> =
    Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  const first = await source.next();
  if (first.done) return 0;
  // Every row of a COPY sends the same columns: those of the first, checked by the model itself.
  const head = cellsFor(model, first.value, 1);
  const columns = Object.keys(head);
  const lines = new LineWriter(model, columns, head);
  const sql = `COPY ${quoteQualified(definitionOf(model).table[TABLE].name)} (${columns.map(quoteIdentifier).join(", ")}) FROM STDIN`;
  const session = await DB.queryable();
  try {
    const { rowCount } = await session.query(sql, copyData(chunks(lines, source)));
    return rowCount;
  } catch (error) {
    throw withRow(error);
  }
}

/** The rows as COPY text, COPY_CHUNK_CHARS at a time; a row that does not fit throws BulkRowError. */
async function* chunks(lines: LineWriter, rest: AsyncIterator<object> | Iterator<object>): AsyncGenerator<string> {
  let chunk = lines.head;
  for (let row = 2; ; row++) {
    // A sync source's next() is not a promise: awaiting it anyway would cost a microtask per row.
    const pending = rest.next();
    const next = pending instanceof Promise ? await pending : pending;
    if (next.done) break;
    chunk += lines.line(next.value, row);
    if (chunk.length >= COPY_CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}

/** Writes rows of one model as COPY lines of the given columns, with one encoder per column. */
class LineWriter {
  readonly #model: ModelLike;
  readonly #columns: readonly string[];
  readonly #encoders: readonly ColumnEncoder[];
  /** The fields a row may give: those of the columns, and any a row leaves undefined. */
  readonly #sent: ReadonlySet<string>;
  /** Row 1's line, written from the cells the model made of it. */
  readonly head: string;

  constructor(model: ModelLike, columns: readonly string[], head: Cells) {
    const { properties } = definitionOf(model);
    const sent = columns.map((column) => properties.find((property) => property.column === column) as Property);
    this.#model = model;
    this.#columns = columns;
    this.#encoders = sent.map(encoderOf);
    this.#sent = new Set(sent.map((property) => property.name));
    this.head = encoded(1, () => copyLine(columns.map((column) => head[column])));
  }

  /** Row number `row` (from 1) as one COPY line, newline included; BulkRowError if it does not fit. */
  line(values: object, row: number): string {
    const line = encoded(row, () => this.#encode(values as Values));
    if (line === undefined || this.#givesOthers(values as Values)) return this.#refuse(values, row);
    return line;
  }

  /** The row's line, or undefined when an encoder cannot write its column. */
  #encode(values: Values): string | undefined {
    let line = "";
    for (let i = 0; i < this.#encoders.length; i++) {
      const text = (this.#encoders[i] as ColumnEncoder)(values);
      if (text === undefined) return undefined;
      line += i === 0 ? text : COPY_DELIMITER + text;
    }
    return line + COPY_NEWLINE;
  }

  /** Whether the row gives a value for a field outside row 1's columns (or for no field at all). */
  #givesOthers(values: Values): boolean {
    for (const name of Object.keys(values)) {
      if (!this.#sent.has(name) && values[name] !== undefined) return true;
    }
    return false;
  }

  /** Why a row cannot be written: the model's own error (cellsFor), or else its columns are not row 1's. */
  #refuse(values: object, row: number): never {
    const given = Object.keys(cellsFor(this.#model, values, row)).join(", ");
    throw new BulkRowError(
      row,
      `gives the columns (${given}) where row 1 gives (${this.#columns.join(", ")}): every row of a COPY sends the same columns`,
    );
  }
}

/** `encode()`, with what it throws — copyValue()'s CopyFormatError, a value the text format cannot carry — as a BulkRowError for `row`. */
function encoded<T>(row: number, encode: () => T): T {
  try {
    return encode();
  } catch (error) {
    throw new BulkRowError(row, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** One column of a row as COPY text: undefined when the row does not give it or its field refuses the value. */
type ColumnEncoder = (values: Values) => string | undefined;

/** The encoder of one field's column: its default, its own check, and COPY's text for the value. */
function encoderOf(property: Property): ColumnEncoder {
  const { name, field } = property;
  const { default: fallback, nullable } = field.options;
  return (values) => {
    let value = values[name];
    if (value === undefined) value = typeof fallback === "function" ? fallback() : fallback;
    if (value === undefined) return undefined;
    if (value === null) return nullable ? COPY_NULL : undefined;
    if (field.type.check(value) !== undefined) return undefined;
    return copyValue(field.type.toParameter(value as SqlValue));
  };
}

/** The server's refusal of one row as a BulkRowError naming it; anything else as it is. */
function withRow(error: unknown): unknown {
  if (!(error instanceof DatabaseError) || !(error.cause instanceof pg.DatabaseError)) return error;
  const line = SERVER_LINE.exec(error.cause.where ?? "")?.[1];
  return line === undefined ? error : new BulkRowError(Number(line), error.message, { cause: error });
}
