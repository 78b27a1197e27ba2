// tinyorm: an ORM over PostgreSQL, built chapter by chapter. Chapter 11: one connection,
// bound parameters, named prepared statements, typed results and typed errors.
export { type ArrayOf, type ParsedArray, parseArrayLiteral, formatArrayLiteral } from "./array-literal.ts";
export {
  type ConnectionOptions,
  type PreparedStatement,
  type QueryResult,
  type Row,
  Connection,
  connect,
  DEFAULT_APPLICATION_NAME,
  DEFAULT_CONNECT_TIMEOUT_MS,
} from "./connection.ts";
export * from "./errors.ts";
export { type JsonValue, type SqlScalar, type SqlValue, JsonParameter, json } from "./parameters.ts";
export { OID, parserFor, type TypeParser } from "./types.ts";
