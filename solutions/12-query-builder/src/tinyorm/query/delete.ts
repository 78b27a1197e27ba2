// DELETE FROM … WHERE … RETURNING. Without where() it removes every row, as the SQL would.
import { andAlso } from "./expressions.ts";
import { type ConditionNode, type DeleteNode, frozen } from "./nodes.ts";
import { allColumns, type NoRow, type RowOf, type Selectable, selectionNodes } from "./selection.ts";
import { type Columns, TABLE, type Table, type TableLike } from "./table.ts";

export function deleteFrom<R extends Columns<R>>(from: Table<R>): DeleteQuery<R, NoRow> {
  return new DeleteQuery<R, NoRow>(
    from,
    frozen<DeleteNode>({ kind: "delete", from: from[TABLE], where: undefined, returning: [] }),
  );
}

export class DeleteQuery<R, Returned> {
  declare readonly rowType?: Returned;
  readonly #table: TableLike;

  constructor(
    table: TableLike,
    readonly node: DeleteNode,
  ) {
    this.#table = table;
  }

  /** Removes only the rows `condition` holds for; a second where() is ANDed with the first. */
  where(condition: ConditionNode): DeleteQuery<R, Returned> {
    return this.#with({ where: andAlso(this.node.where, condition) });
  }

  returning(): DeleteQuery<R, R>;
  returning<S extends readonly Selectable[]>(...selections: S): DeleteQuery<R, RowOf<S>>;
  returning(...selections: Selectable[]): DeleteQuery<R, unknown> {
    return this.#with({ returning: selections.length === 0 ? allColumns(this.#table) : selectionNodes(selections) });
  }

  #with<Next = Returned>(change: Partial<DeleteNode>): DeleteQuery<R, Next> {
    return new DeleteQuery<R, Next>(this.#table, frozen({ ...this.node, ...change }));
  }
}
