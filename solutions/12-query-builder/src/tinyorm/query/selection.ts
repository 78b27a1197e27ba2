// What a statement returns: columns, some under other names, and the row type they make.
import type { SqlValue } from "../parameters.ts";
import { type Aliased, Column } from "./column.ts";
import { frozen, type SelectionNode } from "./nodes.ts";
import { columnsOf, type TableLike } from "./table.ts";

/** A column, or a column under another name (`posts.id.as("post_id")`). */
export type Selectable = Column<SqlValue, string> | Aliased<SqlValue, string>;

/** The row a list of selections makes: `[users.id, posts.id.as("post_id")]` → `{ id: number; post_id: number }`. */
export type RowOf<S extends readonly Selectable[]> = { [C in S[number] as C["name"]]: C["valueType"] };

/** A row of nothing: what a statement without RETURNING gives back. */
export type NoRow = Record<string, never>;

export function selectionNodes(selections: readonly Selectable[]): SelectionNode[] {
  return selections.map((s) =>
    s instanceof Column ? frozen<SelectionNode>({ kind: "selection", column: s.node, alias: undefined }) : s.node,
  );
}

/** Every column a table declares, as selections: what `select(users)` and `.returning()` return. */
export function allColumns(table: TableLike): SelectionNode[] {
  return selectionNodes(columnsOf(table));
}
