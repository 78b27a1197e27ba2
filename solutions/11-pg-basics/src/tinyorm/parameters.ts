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
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (isArray(value)) return formatArrayLiteral(value, (element) => scalarText(element, position));
  return scalarText(value, position);
}

/** The text PostgreSQL's input functions read for one value. */
function scalarText(value: SqlScalar, position: number): string {
  if (typeof value === "string") return checkedText(value, position);
  // NaN, Infinity and -Infinity are spelled as float8 reads them; an int column refuses them.
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  // ISO 8601 in UTC names one instant, whatever the session's TimeZone.
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ParameterError(position, "an invalid Date (its time is NaN)");
    return value.toISOString();
  }
  // bytea's hex input, for bytes inside an array (alone they go as binary).
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString("hex")}`;
  // JSON.stringify escapes control characters, NUL included ("\u0000"): no check needed.
  if (value instanceof JsonParameter) return JSON.stringify(value.value);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new ParameterError(position, `a ${value.constructor.name} is not a plain object: convert it first`);
  }
  return JSON.stringify(value);
}

/** PostgreSQL text cannot hold U+0000 (its strings end at NUL): say so before sending. */
function checkedText(text: string, position: number): string {
  const nul = text.indexOf("\0");
  if (nul !== -1) throw new ParameterError(position, `text cannot contain NUL (U+0000), found at index ${nul}`);
  return text;
}

function isArray(value: SqlValue): value is ArrayOf<SqlScalar> {
  return Array.isArray(value);
}
