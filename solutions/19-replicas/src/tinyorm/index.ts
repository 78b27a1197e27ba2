// tinyorm: an ORM over PostgreSQL, built chapter by chapter. Chapter 11: one connection,
// bound parameters, named prepared statements, typed results and typed errors. Chapter 12:
// queries as immutable trees, compiled to SQL and parameters (query/). Chapter 13: models,
// classes whose instances are rows, with types inferred from the fields they declare (model/).
// Chapter 14: a pool of connections, lent one caller at a time, which DB can put behind the
// models (pool/). Chapter 15: transactions that models join without being told, savepoints,
// isolation levels, retries, idempotency keys and a unit of work (transaction/). Chapter 16:
// migrations, applied once each under a lock, and written from the models (migrate/).
// Chapter 17: relations between models, foreign keys, eager and lazy loading, and an N+1
// detector (relations/). Chapter 18: bulk writes (multi-row INSERT, COPY, upsert), optimistic
// locking with a version column, and a job queue on FOR UPDATE SKIP LOCKED (bulk/). Chapter 19:
// reads routed to standbys and writes to the primary, replica lag from LSNs, read-your-writes
// and failover to a promoted standby (replicas/).
export { type ArrayOf, formatArrayLiteral, type ParsedArray, parseArrayLiteral } from "./array-literal.ts";
export * from "./bulk/index.ts";
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
export * from "./migrate/index.ts";
export * from "./model/index.ts";
export { JsonParameter, type JsonValue, json, type SqlScalar, type SqlValue } from "./parameters.ts";
export * from "./pool/index.ts";
export * from "./query/index.ts";
export * from "./relations/index.ts";
export * from "./replicas/index.ts";
export * from "./transaction/index.ts";
export { OID, parserFor, type TypeParser } from "./types.ts";
