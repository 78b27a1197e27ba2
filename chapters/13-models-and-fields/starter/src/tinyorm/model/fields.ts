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

const INT = scalar<number>("integer", (value) => {
  // TODO(13): stage 13.1. A whole number from INT4_MIN to INT4_MAX: undefined when it is one,
  // otherwise the reason, ending with got(value) (1.5, 2 ** 31, "1" and 1n are all refused).
  throw new Error("TODO(13): the check of fields.int() is not implemented");
});

const BIGINT = scalar<bigint>("bigint", (value) => {
  // TODO(13): stage 13.1. A bigint from INT8_MIN to INT8_MAX; a number is refused, even a whole one.
  throw new Error("TODO(13): the check of fields.bigint() is not implemented");
});

const FLOAT = scalar<number>("double precision", (value) =>
  typeof value === "number" ? undefined : `expected a number, ${got(value)}`,
);

const NUMERIC = scalar<string>("numeric", (value) => {
  // TODO(13): stage 13.1. A string that NUMERIC_TEXT matches: "-12.50", "1e3", "NaN", not "12,50"
  // and not the number 12.5 (a number has already lost digits a numeric keeps).
  throw new Error("TODO(13): the check of fields.numeric() is not implemented");
});

const TEXT = scalar<string>("text", (value) =>
  typeof value === "string" ? undefined : `expected a string, ${got(value)}`,
);

const BOOLEAN = scalar<boolean>("boolean", (value) =>
  typeof value === "boolean" ? undefined : `expected true or false, ${got(value)}`,
);

const TIMESTAMP = scalar<Date>("timestamptz", (value) => {
  // TODO(13): stage 13.1. A Date that holds an instant: new Date(NaN) is a Date too, and so is
  // new Date("yesterday"). A string is refused: chapter 11 reads a timestamp without time zone
  // as text, and this check is what catches a column declared with the wrong type.
  throw new Error("TODO(13): the check of fields.timestamp() is not implemented");
});

const JSON_DOCUMENT: FieldType<JsonValue> = {
  sql: "jsonb",
  check: (value) => (isJson(value) ? undefined : `expected a JSON value, ${got(value)}`),
  toParameter: (value) => {
    // TODO(13): stage 13.1. Send the value as a JSON document with chapter 11's json(): a bare
    // array would go as an SQL array, and a bare string as the JSON text itself.
    throw new Error("TODO(13): sending a json field is not implemented");
  },
};

/** A value JSON.stringify writes as it is and JSON.parse gives back equal: no undefined, functions, NaN, Dates or class instances. */
function isJson(value: unknown): value is JsonValue {
  // TODO(13): stage 13.1. null, a string, a boolean, a finite number; an array of JSON values;
  // an object whose prototype is Object.prototype or null and whose values are all JSON values.
  // Anything else (a Date, a Map, NaN, undefined) is refused: it would not come back as it went.
  throw new Error("TODO(13): isJson() is not implemented");
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
