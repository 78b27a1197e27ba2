// tinyorm: an ORM over PostgreSQL, built chapter by chapter. Chapter 11: one connection,
// bound parameters, named prepared statements, typed results and typed errors. Chapter 12:
// queries as immutable trees, compiled to SQL and parameters. Chapter 13: models, classes
// whose instances are rows, with their types inferred from the fields they declare. Chapter 14:
// a pool of connections, lent one caller at a time, which DB can put behind the models.
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
export { Database, type DatabaseOptions, DB } from "./model/db.ts";
export {
  ConfigurationError,
  DeletedInstanceError,
  ModelError,
  RowNotFoundError,
  ValidationError,
} from "./model/errors.ts";
export { Field, type FieldOptions, type FieldType, fields, type NoOptions } from "./model/fields.ts";
export { DEFINITION, type Definition, type FindOptions, Model, type ModelClass } from "./model/model.ts";
export { ModelQuery } from "./model/model-query.ts";
export type {
  AnyField,
  ColumnRefs,
  CreateInput,
  KeyValue,
  Row as ModelRow,
  Schema,
  ValueOf,
} from "./model/row-types.ts";
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
