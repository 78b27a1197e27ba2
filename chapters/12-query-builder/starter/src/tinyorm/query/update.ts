// UPDATE … SET … WHERE … RETURNING. A value is sent as a parameter; a column on the right
// (`set({ karma: users.bonus })`) reads that column of the same row.
import type { SqlValue } from "../parameters.ts";
// biome-ignore lint/style/useImportType: the code you write here uses Column as a value (instanceof)
import { Column, valueNode } from "./column.ts";
import { QueryError } from "./errors.ts";
import { andAlso } from "./expressions.ts";
import { type AssignmentNode, type ConditionNode, frozen, type UpdateNode } from "./nodes.ts";
import { allColumns, type NoRow, type RowOf, type Selectable, selectionNodes } from "./selection.ts";
import { type Columns, columnsOf, TABLE, type Table, type TableLike } from "./table.ts";

/** New values for some of a table's columns: a value of the column's type, or another column. */
export type Assignments<R> = { readonly [K in keyof R]?: R[K] | Column<R[K] & SqlValue> };

export function update<R extends Columns<R>>(table: Table<R>): UpdateQuery<R, NoRow> {
  return new UpdateQuery<R, NoRow>(
    table,
    frozen<UpdateNode>({ kind: "update", table: table[TABLE], set: [], where: undefined, returning: [] }),
  );
}

export class UpdateQuery<R, Returned> {
  declare readonly rowType?: Returned;
  readonly #table: TableLike;

  constructor(
    table: TableLike,
    readonly node: UpdateNode,
  ) {
    this.#table = table;
  }

  /** Sets these columns (undefined leaves a column alone); a later set() of the same column wins. */
  set(values: Assignments<R>): UpdateQuery<R, Returned> {
    // TODO(12): stage 12.5. One assignment node per key whose value is not undefined: a Column's
    // node, or valueNode(value) (null is a value to set). A key already set is replaced in place;
    // a key that is not one of columnsOf(this.#table) is a QueryError. Return this.#with({ set }).
    throw new Error("TODO(12): UpdateQuery.set() is not implemented");
  }

  /** Changes only the rows `condition` holds for; a second where() is ANDed with the first. */
  where(condition: ConditionNode): UpdateQuery<R, Returned> {
    return this.#with({ where: andAlso(this.node.where, condition) });
  }

  returning(): UpdateQuery<R, R>;
  returning<S extends readonly Selectable[]>(...selections: S): UpdateQuery<R, RowOf<S>>;
  returning(...selections: Selectable[]): UpdateQuery<R, unknown> {
    return this.#with({ returning: selections.length === 0 ? allColumns(this.#table) : selectionNodes(selections) });
  }

  #with<Next = Returned>(change: Partial<UpdateNode>): UpdateQuery<R, Next> {
    return new UpdateQuery<R, Next>(this.#table, frozen({ ...this.node, ...change }));
  }
}
