// A field is one column of a model, declared once: the JavaScript type of its values (for the
// type checker and, at run time, for the values a program assigns and the values the database
// returns), the SQL type of its column, and what the table does for it (a primary key, a value
// the server generates, a DEFAULT, NULL allowed). Everything a model knows about its table
// comes from these declarations; nothing is read from the database.
import { inspect } from "node:util";
import { type JsonValue, json, type SqlValue } from "../parameters.ts";

export interface FieldOptions<T> {
  /** The column's name in the table, when it is not the property's: `createdAt` → "created_at". */
  readonly column?: string;
  /** The row's identity: find() looks rows up by it, save() and delete() name the row with it. One per model. */
  readonly primaryKey?: boolean;
  /** The server makes the value (an identity column, serial): create() cannot give it, RETURNING brings it back. */
  readonly generated?: boolean;
  /** The column allows NULL: the field's values are `T | null`. */
  readonly nullable?: boolean;
  /**
   * The column's DEFAULT as the table declares it, in SQL: "now()". create() may leave the field
   * out; the server fills it in, and RETURNING brings the value back. (Chapter 16 writes it into
   * CREATE TABLE; here only its presence matters.)
   */
  readonly serverDefault?: string;
  /** A value the model gives a new instance that was given none: a value, or a function called once per instance. */
  readonly default?: T | (() => T);
}

/** What a field's SQL type means in JavaScript. */
export interface FieldType<T> {
  /** The column's SQL type (docs chapter 8), e.g. "timestamptz". */
  readonly sql: string;
  /** Why `value` is not a value of this type, or undefined when it is one. */
  check(value: unknown): string | undefined;
  /** The query parameter that carries a value: most go as they are. */
  toParameter(value: T): SqlValue;
}

/** No options: the type a field declared without any has. */
export type NoOptions = Record<never, never>;

export class Field<T extends SqlValue, O extends FieldOptions<unknown> = NoOptions> {
  /** The type of this field's values, for the type checker only (it holds nothing). */
  declare readonly valueType: T;

  constructor(
    readonly type: FieldType<T>,
    readonly options: O,
  ) {}

  /**
   * The same field with a narrower value type, for the type checker only: values read are still
   * checked against the field's own type, not against `U`. `fields.json().of<Settings>()`,
   * `fields.text().of<"free" | "pro">()`.
   */
  of<U extends T>(): Field<U, O> {
    return this as unknown as Field<U, O>;
  }
}

/** `integer`'s range (docs §8.1.1): a larger number is refused here, not by the server. */
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;
/** `bigint`'s range (docs §8.1.1). */
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
/** The text numeric reads and writes (docs §8.1.2), NaN and ±Infinity included: a numeric stays a string (chapter 11). */
const NUMERIC_TEXT = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|NaN|[+-]?Infinity)$/i;

function got(value: unknown): string {
  const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
  return `got ${inspect(value, { depth: 1, maxStringLength: 40, breakLength: Number.POSITIVE_INFINITY })} (${kind})`;
}

function scalar<T extends SqlValue>(sql: string, check: (value: unknown) => string | undefined): FieldType<T> {
  return { sql, check, toParameter: (value) => value };
}

const INT = scalar<number>("integer", (value) =>
  Number.isInteger(value) && (value as number) >= INT4_MIN && (value as number) <= INT4_MAX
    ? undefined
    : `expected a whole number from ${INT4_MIN} to ${INT4_MAX}, ${got(value)}`,
);

const BIGINT = scalar<bigint>("bigint", (value) =>
  typeof value === "bigint" && value >= INT8_MIN && value <= INT8_MAX
    ? undefined
    : `expected a bigint from -2^63 to 2^63 - 1, ${got(value)}`,
);

const FLOAT = scalar<number>("double precision", (value) =>
  typeof value === "number" ? undefined : `expected a number, ${got(value)}`,
);

const NUMERIC = scalar<string>("numeric", (value) =>
  typeof value === "string" && NUMERIC_TEXT.test(value)
    ? undefined
    : `expected a decimal number written as a string ("12.50"), ${got(value)}`,
);

const TEXT = scalar<string>("text", (value) =>
  typeof value === "string" ? undefined : `expected a string, ${got(value)}`,
);

const BOOLEAN = scalar<boolean>("boolean", (value) =>
  typeof value === "boolean" ? undefined : `expected true or false, ${got(value)}`,
);

const TIMESTAMP = scalar<Date>("timestamptz", (value) =>
  value instanceof Date && !Number.isNaN(value.getTime()) ? undefined : `expected a valid Date, ${got(value)}`,
);

const JSON_DOCUMENT: FieldType<JsonValue> = {
  sql: "jsonb",
  check: (value) => (isJson(value) ? undefined : `expected a JSON value, ${got(value)}`),
  // A bare array would go as an SQL array and a bare string as the JSON text itself: json()
  // sends every value as the JSON document it is (chapter 11, parameters).
  toParameter: (value) => json(value),
};

/** A value JSON.stringify writes as it is and JSON.parse gives back equal: no undefined, functions, NaN, Dates or class instances. */
function isJson(value: unknown): value is JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value !== "object") return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.values(value).every(isJson);
}

/** A field of type T with the options as written: `const` keeps `{ nullable: true }` as `true`, not `boolean`. */
function field<T extends SqlValue>(type: FieldType<T>) {
  return <const O extends FieldOptions<T> = NoOptions>(options?: O): Field<T, O> =>
    new Field(type, options ?? ({} as O));
}

/** The field types a model can declare, each with the column type it maps to. */
export const fields = {
  /** `integer`: a number, whole, 32 bits. */
  int: field(INT),
  /** `bigint` (int8): a bigint, since a number is exact only to 2^53 − 1. */
  bigint: field(BIGINT),
  /** `double precision`: a number. */
  float: field(FLOAT),
  /** `numeric`: exact, so a string ("12.50"), as chapter 11 reads it. */
  numeric: field(NUMERIC),
  /** `text`: a string. */
  text: field(TEXT),
  /** `boolean`. */
  boolean: field(BOOLEAN),
  /** `timestamptz`: a Date, one instant whatever the time zone. */
  timestamp: field(TIMESTAMP),
  /** `jsonb`: any JSON value; narrow its type with `.of<T>()`. */
  json: field(JSON_DOCUMENT),
};
