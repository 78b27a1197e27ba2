// The query builder of chapter 12, as tinyorm exports it: tables and columns, the builders of
// SELECT, INSERT, UPDATE and DELETE, the WHERE algebra, the compiler and execute().
export { Aliased, Column } from "./column.ts";
export { type Compilable, type CompiledQuery, compile } from "./compile.ts";
export { DeleteQuery, deleteFrom } from "./delete.ts";
export { IdentifierError, ParameterLimitError, QueryError } from "./errors.ts";
export { execute, type Query, type Queryable } from "./execute.ts";
export { and, escapeLike, not, or } from "./expressions.ts";
export { MAX_IDENTIFIER_BYTES, quoteIdentifier, quoteQualified } from "./identifiers.ts";
export { type Insertable, InsertQuery, insertInto } from "./insert.ts";
export type * from "./nodes.ts";
export { SelectQuery, select } from "./select.ts";
export type { NoRow, RowOf, Selectable } from "./selection.ts";
export { MAX_PARAMETERS, split } from "./split.ts";
export {
  aliased,
  type Columns,
  columnsOf,
  TABLE,
  type Table,
  type TableLike,
  type TableOptions,
  table,
} from "./table.ts";
export { type Assignments, UpdateQuery, update } from "./update.ts";
