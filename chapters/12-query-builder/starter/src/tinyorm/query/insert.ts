// INSERT INTO … VALUES, one or many rows. The columns are those the rows give a value (a key
// whose value is undefined gives none); a row that leaves one out gets DEFAULT there, which
// takes no parameter. RETURNING hands back what the server filled in: ids, defaults.
import { valueNode } from "./column.ts";
import { QueryError } from "./errors.ts";
import { type DefaultNode, frozen, type InsertNode, type ValueNode } from "./nodes.ts";
import { allColumns, type NoRow, type RowOf, type Selectable, selectionNodes } from "./selection.ts";
import { type Columns, columnsOf, TABLE, type Table, type TableLike } from "./table.ts";

/** A row to insert: any of the table's columns, each with a value of its type. */
export type Insertable<R> = { readonly [K in keyof R]?: R[K] };

const DEFAULT: DefaultNode = frozen({ kind: "default" });

export function insertInto<R extends Columns<R>>(into: Table<R>): InsertQuery<R, NoRow> {
  return new InsertQuery<R, NoRow>(
    into,
    frozen<InsertNode>({ kind: "insert", into: into[TABLE], columns: [], rows: [], returning: [] }),
  );
}

export class InsertQuery<R, Returned> {
  declare readonly rowType?: Returned;
  readonly #table: TableLike;

  constructor(
    table: TableLike,
    readonly node: InsertNode,
  ) {
    this.#table = table;
  }

  /** Adds one row, or a list of rows. */
  values(rows: Insertable<R> | readonly Insertable<R>[]): InsertQuery<R, Returned> {
    // TODO(12): stage 12.5. The columns: this query's, then each key of the new rows whose value is
    // not undefined, in the order they first appear; a key that is not one of columnsOf(this.#table)
    // is a QueryError (stage 12.8: a request body's keys are not column names). The rows: the old
    // ones widened with DEFAULT for columns that appeared since, then one cell per column for each
    // new row (valueNode(value), or DEFAULT where it has none). Return this.#with({ columns, rows }).
    throw new Error("TODO(12): InsertQuery.values() is not implemented");
  }

  /** RETURNING these columns, or every declared column when none is named. */
  returning(): InsertQuery<R, R>;
  returning<S extends readonly Selectable[]>(...selections: S): InsertQuery<R, RowOf<S>>;
  returning(...selections: Selectable[]): InsertQuery<R, unknown> {
    const returning = selections.length === 0 ? allColumns(this.#table) : selectionNodes(selections);
    return this.#with({ returning });
  }

  #with<Next = Returned>(change: Partial<InsertNode>): InsertQuery<R, Next> {
    return new InsertQuery<R, Next>(this.#table, frozen({ ...this.node, ...change }));
  }
}
