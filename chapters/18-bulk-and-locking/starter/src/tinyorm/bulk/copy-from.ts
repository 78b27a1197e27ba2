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
import type { ModelLike } from "../relations/relation-types.ts";

/**
 * How much text goes in one CopyData message. Large enough that the per-message cost vanishes,
 * small enough that a load of millions of rows is never held in memory whole.
 */
export const COPY_CHUNK_CHARS = 64 * 1024;

/** The rows of a COPY: any iterable, sync or async, so a load can stream from a file or a generator. */
export type CopyRows<T> = Iterable<T> | AsyncIterable<T>;

/** Loads `rows` into `model`'s table with one COPY, all or none; resolves with how many rows. */
export async function copyFrom(_model: ModelLike, _rows: CopyRows<object>): Promise<number> {
  // The first row's cells (cellsFor) name the columns; send COPY … FROM STDIN with
  // copyData(an async generator of COPY_CHUNK_CHARS of lines) as its parameters (copy-in.ts).
  // Check every value before it leaves: cellsFor() + copyLine() per row works; one encoder per
  // column, made once, costs far less CPU per row (README, "Encoding a million rows"). A row that
  // gives other fields than the first is refused; a server error whose context says
  // "COPY <table>, line N" becomes BulkRowError(N).
  throw new Error(
    "TODO(18): copyFrom: one COPY … FROM STDIN, the rows as text in large chunks, a refused row as BulkRowError",
  );
}
