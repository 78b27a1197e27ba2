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
    const added: readonly Insertable<R>[] = Array.isArray(rows) ? rows : [rows as Insertable<R>];
    const declared = new Set(columnsOf(this.#table).map((column) => column.name));
    const columns = [...this.node.columns];
    for (const row of added) {
      for (const [key, value] of Object.entries(row)) {
        if (value === undefined || columns.includes(key)) continue;
        // A key from outside (a request body) must not write a column no one declared.
        if (!declared.has(key)) throw new QueryError(`${JSON.stringify(key)} is not a column of this table`);
        columns.push(key);
      }
    }
    // Rows added before a new column appeared get DEFAULT for it.
    const widened = this.node.rows.map((row) => [...row, ...columns.slice(row.length).map(() => DEFAULT)]);
    const cells = added.map((row) => columns.map((column) => cellOf(row as Record<string, unknown>, column)));
    return this.#with({ columns, rows: [...widened, ...cells] });
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

function cellOf(row: Record<string, unknown>, column: string): ValueNode | DefaultNode {
  const value = Object.hasOwn(row, column) ? row[column] : undefined;
  return value === undefined ? DEFAULT : valueNode(value as ValueNode["value"]);
}
