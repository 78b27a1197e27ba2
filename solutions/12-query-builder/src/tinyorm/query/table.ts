// A table as TypeScript sees it: an object whose properties are its columns, typed from a row
// type, so `users.usernme` is a compile error and `users.karma.eq("ten")` another. The table's
// own node sits under a symbol, where no column name can collide with it.
import type { SqlValue } from "../parameters.ts";
import { Column } from "./column.ts";
import { frozen, type TableNode } from "./nodes.ts";

/** Where a table keeps its node: a symbol, so that a column may be called anything, even "name". */
export const TABLE = Symbol("tinyorm.table");

/** A row type whose every column holds a value a parameter can carry. */
export type Columns<R> = { readonly [K in keyof R]: SqlValue };

/** Anything that names a table for a statement: a Table, or (chapter 13) a model class. */
export interface TableLike {
  readonly [TABLE]: TableNode;
}

export type Table<R extends Columns<R>> = TableLike & { readonly [K in keyof R & string]: Column<R[K], K> };

export interface TableOptions {
  /** The name the statement uses for this table (`FROM "users" AS "author"`), e.g. to join a table to itself. */
  alias?: string;
}

/**
 * `table<User>("users", ["id", "username"])`, or `table<User>(["app", "users"], …)` for a table
 * in schema app. Each name is one identifier: "app.users" is a table whose name has a dot in it.
 */
export function table<R extends Columns<R>>(
  name: string | readonly [schema: string, table: string],
  columns: readonly (keyof R & string)[],
  options: TableOptions = {},
): Table<R> {
  const parts = typeof name === "string" ? [name] : [...name];
  return handle<R>(frozen<TableNode>({ kind: "table", name: parts, alias: options.alias }), columns);
}

/** The same table under another name, with columns that refer to that name. */
export function aliased<R extends Columns<R>>(source: Table<R>, alias: string): Table<R> {
  const columns = columnsOf(source).map((column) => column.name as keyof R & string);
  return handle<R>(frozen<TableNode>({ ...source[TABLE], alias }), columns);
}

/** The columns a table declares, in their order. */
export function columnsOf(source: TableLike): Column[] {
  return Object.values(source).filter((value): value is Column => value instanceof Column);
}

function handle<R extends Columns<R>>(node: TableNode, columns: readonly (keyof R & string)[]): Table<R> {
  // Object.fromEntries defines each column as an own property; assigning handle[column] would
  // set the prototype instead for a column named __proto__.
  const byName = Object.fromEntries(columns.map((column) => [column, new Column(node, column)]));
  return Object.freeze({ ...byName, [TABLE]: node }) as Table<R>;
}
