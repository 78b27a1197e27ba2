// SELECT, built one immutable step at a time: every method returns a new query with a new
// node, and leaves the query it was called on as it was. A base query can be shared and
// extended in two directions without either seeing the other's conditions.
import type { SqlValue } from "../parameters.ts";
import { valueNode } from "./column.ts";
import { QueryError } from "./errors.ts";
import { andAlso } from "./expressions.ts";
import { type ConditionNode, frozen, type JoinType, type OrderNode, type SelectNode } from "./nodes.ts";
import { allColumns, type RowOf, type Selectable, selectionNodes } from "./selection.ts";
import { type Columns, TABLE, type Table, type TableLike } from "./table.ts";

/** `SELECT` every declared column `FROM` the table; narrow it with .columns(). */
export function select<R extends Columns<R>>(from: Table<R>): SelectQuery<R> {
  return new SelectQuery<R>(
    frozen<SelectNode>({
      kind: "select",
      from: from[TABLE],
      columns: allColumns(from),
      joins: [],
      where: undefined,
      orderBy: [],
      limit: undefined,
      offset: undefined,
    }),
  );
}

export class SelectQuery<R> {
  /** The type of a row this query returns, for the type checker only (it holds nothing). */
  declare readonly rowType?: R;

  constructor(readonly node: SelectNode) {}

  /** Returns these columns instead. */
  columns<S extends readonly Selectable[]>(...selections: S): SelectQuery<RowOf<S>> {
    return new SelectQuery(this.#with({ columns: selectionNodes(selections) }));
  }

  /** Keeps the rows `condition` holds for; a second where() is ANDed with the first. */
  where(condition: ConditionNode): SelectQuery<R> {
    return new SelectQuery(this.#with({ where: andAlso(this.node.where, condition) }));
  }

  join(table: TableLike, on: ConditionNode): SelectQuery<R> {
    return this.#join("inner", table, on);
  }

  /** A LEFT JOIN keeps rows with no match; the joined table's columns are NULL in them. */
  leftJoin(table: TableLike, on: ConditionNode): SelectQuery<R> {
    return this.#join("left", table, on);
  }

  orderBy(...orders: OrderNode[]): SelectQuery<R> {
    return new SelectQuery(this.#with({ orderBy: [...this.node.orderBy, ...orders] }));
  }

  limit(count: number | bigint): SelectQuery<R> {
    return new SelectQuery(this.#with({ limit: valueNode(rowCount(count, "limit")) }));
  }

  offset(count: number | bigint): SelectQuery<R> {
    return new SelectQuery(this.#with({ offset: valueNode(rowCount(count, "offset")) }));
  }

  #join(type: JoinType, table: TableLike, on: ConditionNode): SelectQuery<R> {
    const join = frozen({ kind: "join", type, table: table[TABLE], on } as const);
    return new SelectQuery(this.#with({ joins: [...this.node.joins, join] }));
  }

  #with(change: Partial<SelectNode>): SelectNode {
    return frozen({ ...this.node, ...change });
  }
}

/** A LIMIT or OFFSET: a whole number of rows, not negative. It is still sent as a parameter. */
function rowCount(count: number | bigint, what: string): SqlValue {
  const whole = typeof count === "bigint" || Number.isSafeInteger(count);
  if (!whole || count < 0)
    throw new QueryError(`${what} must be a whole number of rows, 0 or more: got ${String(count)}`);
  return count;
}
