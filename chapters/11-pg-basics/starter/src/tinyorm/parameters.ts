// JavaScript values → query parameters. The extended query protocol sends each parameter in the
// Bind message, apart from the SQL text of the Parse message (protocol §55.2.3): the server
// never reads a parameter as SQL, whatever its characters, so no quoting can go wrong. What
// is left is to write each value as the text its type's input function reads; bytes go as they
// are, in binary format, for bytea.
import { type ArrayOf, formatArrayLiteral } from "./array-literal.ts";
import { ParameterError } from "./errors.ts";

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON document for a json or jsonb parameter: `json([1, 2])` sends "[1,2]", where a bare array is an SQL array. */
export class JsonParameter {
  constructor(readonly value: JsonValue) {}
}

export function json(value: JsonValue): JsonParameter {
  return new JsonParameter(value);
}

/** One value that is not an array or NULL. A plain object is sent as JSON. */
export type SqlScalar =
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | JsonParameter
  | { readonly [key: string]: JsonValue };

/** What a query accepts as a parameter. null and undefined are NULL; arrays are SQL arrays. */
export type SqlValue = SqlScalar | null | undefined | ArrayOf<SqlScalar>;

/** What the driver sends: text, raw bytes (binary format), or NULL. */
export type EncodedParameter = string | Buffer | null;

/** `value` as parameter `$position` (counted from 1, for the error message). */
export function encodeParameter(value: SqlValue, position: number): EncodedParameter {
  // TODO(11): null and undefined → null; a Uint8Array → a Buffer of its bytes (sent as binary);
  // an array → formatArrayLiteral; otherwise the text the type's input function reads: a string as
  // it is (but refuse NUL with a ParameterError), number, bigint and boolean by String(), a Date in
  // ISO 8601 UTC (an invalid one is a ParameterError), a JsonParameter or a plain object as JSON,
  // any other object a ParameterError.
  throw new Error("TODO(11): encodeParameter() is not implemented");
}
