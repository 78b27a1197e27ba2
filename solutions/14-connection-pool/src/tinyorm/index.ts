// tinyorm: an ORM over PostgreSQL, built chapter by chapter. Chapter 11: one connection,
// bound parameters, named prepared statements, typed results and typed errors. Chapter 12:
// queries as immutable trees, compiled to SQL and parameters.
export { type ArrayOf, formatArrayLiteral, type ParsedArray, parseArrayLiteral } from "./array-literal.ts";
export {
  Connection,
  type ConnectionOptions,
  connect,
  DEFAULT_APPLICATION_NAME,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type PreparedStatement,
  type QueryResult,
  type Row,
} from "./connection.ts";
export * from "./errors.ts";
export { JsonParameter, type JsonValue, json, type SqlScalar, type SqlValue } from "./parameters.ts";
export { type Cancel, type Clock, systemClock } from "./pool/clock.ts";
export { AlreadyReleasedError, PoolClosedError, PoolError, PoolTimeoutError } from "./pool/errors.ts";
export {
  DEFAULT_ACQUIRE_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX,
  DEFAULT_MAX_LIFETIME_MS,
  DEFAULT_MIN,
  DEFAULT_VALIDATE_AFTER_IDLE_MS,
  type PoolOptions,
} from "./pool/options.ts";
export { Pool, type PoolStats } from "./pool/pool.ts";
export { endsSession, PooledConnection } from "./pool/pooled-connection.ts";
export { Aliased, Column } from "./query/column.ts";
export { type Compilable, type CompiledQuery, compile } from "./query/compile.ts";
export { DeleteQuery, deleteFrom } from "./query/delete.ts";
export { IdentifierError, ParameterLimitError, QueryError } from "./query/errors.ts";
export { execute, type Query, type Queryable } from "./query/execute.ts";
export { and, escapeLike, not, or } from "./query/expressions.ts";
export { MAX_IDENTIFIER_BYTES, quoteIdentifier, quoteQualified } from "./query/identifiers.ts";
export { type Insertable, InsertQuery, insertInto } from "./query/insert.ts";
export type * from "./query/nodes.ts";
export { SelectQuery, select } from "./query/select.ts";
export type { NoRow, RowOf, Selectable } from "./query/selection.ts";
export { MAX_PARAMETERS, split } from "./query/split.ts";
export {
  aliased,
  type Columns,
  columnsOf,
  TABLE,
  type Table,
  type TableLike,
  type TableOptions,
  table,
} from "./query/table.ts";
export { type Assignments, UpdateQuery, update } from "./query/update.ts";
export { OID, parserFor, type TypeParser } from "./types.ts";
