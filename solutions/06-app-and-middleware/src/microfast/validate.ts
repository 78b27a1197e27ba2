// Checks input against a schema and collects every problem, each with where it is (loc), what
// is wrong (msg) and a stable machine-readable code (type): the shape of FastAPI's 422 body.
//
// Input comes in two forms. A JSON body carries types: 42 is a number, "42" a string, and a
// string is no integer. Path parameters, query strings and form bodies carry only text, so
// there "42" is converted to the integer the schema asks for.
import type {
  ArraySchema,
  Infer,
  IntegerSchema,
  NumberSchema,
  ObjectSchema,
  Properties,
  Schema,
  StringSchema,
} from "./schema.ts";

/** Where a problem is: ["body", "items", 0, "price"], ["query", "limit"], ["path", "id"]. */
export type Loc = readonly (string | number)[];

export interface Issue {
  readonly loc: Loc;
  readonly msg: string;
  readonly type: string;
  /** The value that failed; absent for a missing field. */
  readonly input?: unknown;
  /** The constraint that failed, e.g. { ge: 18 }. */
  readonly ctx?: Readonly<Record<string, unknown>>;
}

export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Text fields by name, each with every value it was given (?tag=a&tag=b). */
export interface TextFields {
  getAll(name: string): readonly string[];
}

/** Checks a parsed JSON value. */
export function validateJson<S extends Schema>(schema: S, input: unknown, loc: Loc): Validation<Infer<S>> {
  const issues: Issue[] = [];
  const value = check(schema, input, loc, "json", issues);
  return issues.length === 0 ? { ok: true, value: value as Infer<S> } : { ok: false, issues };
}

/**
 * Checks text fields against an object schema. A field given several times fills an array
 * property; for any other property the last value counts, as in FastAPI.
 */
export function validateFields<P extends Properties>(
  schema: ObjectSchema<P>,
  fields: TextFields,
  loc: Loc,
): Validation<Infer<ObjectSchema<P>>> {
  const issues: Issue[] = [];
  const value = checkProperties(schema.properties, loc, issues, (name, property) => {
    const values = fields.getAll(name);
    if (values.length === 0) return ABSENT;
    return property.kind === "array"
      ? check(property, values, [...loc, name], "text", issues)
      : check(property, values[values.length - 1], [...loc, name], "text", issues);
  });
  return issues.length === 0 ? { ok: true, value: value as Infer<ObjectSchema<P>> } : { ok: false, issues };
}

type Mode = "json" | "text";

/** A property with no value at all: missing, or filled from its default. */
const ABSENT = Symbol("absent");

function check(schema: Schema, input: unknown, loc: Loc, mode: Mode, issues: Issue[]): unknown {
  switch (schema.kind) {
    case "string":
      return checkString(schema, input, loc, issues);
    case "integer":
      return checkNumber(
        schema,
        integerOf(input, mode),
        input,
        loc,
        issues,
        mode === "json" ? "int_type" : "int_parsing",
        "should be a whole number",
      );
    case "number":
      return checkNumber(
        schema,
        numberOf(input, mode),
        input,
        loc,
        issues,
        mode === "json" ? "float_type" : "float_parsing",
        "should be a number",
      );
    case "boolean": {
      const value = booleanOf(input, mode);
      if (value === undefined)
        issues.push({
          loc,
          msg: "should be true or false",
          type: mode === "json" ? "bool_type" : "bool_parsing",
          input,
        });
      return value;
    }
    case "array":
      return checkArray(schema, input, loc, mode, issues);
    case "object":
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        issues.push({ loc, msg: "should be an object", type: "dict_type", input });
        return undefined;
      }
      // Only the declared properties are read and copied: extra fields are ignored, and a
      // "__proto__" key in the input can never reach an object's prototype.
      return checkProperties(schema.properties, loc, issues, (name, property) =>
        Object.hasOwn(input, name)
          ? check(property, (input as Record<string, unknown>)[name], [...loc, name], mode, issues)
          : ABSENT,
      );
  }
}

function checkProperties(
  properties: Properties,
  loc: Loc,
  issues: Issue[],
  read: (name: string, schema: Schema) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const schema = property.kind === "optional" ? property.schema : property;
    const value = read(name, schema);
    if (value !== ABSENT) out[name] = value;
    else if (property.kind !== "optional") issues.push({ loc: [...loc, name], msg: "field required", type: "missing" });
    else if (property.default !== undefined) out[name] = property.default;
  }
  return out;
}

function checkString(schema: StringSchema, input: unknown, loc: Loc, issues: Issue[]): unknown {
  if (typeof input !== "string") {
    issues.push({ loc, msg: "should be a string", type: "string_type", input });
    return undefined;
  }
  // Lengths count characters (code points), not UTF-16 units, as JSON Schema does.
  const length = [...input].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    issues.push({
      loc,
      msg: `should have at least ${count(schema.minLength, "character")}`,
      type: "string_too_short",
      input,
      ctx: { min_length: schema.minLength },
    });
  } else if (schema.maxLength !== undefined && length > schema.maxLength) {
    issues.push({
      loc,
      msg: `should have at most ${count(schema.maxLength, "character")}`,
      type: "string_too_long",
      input,
      ctx: { max_length: schema.maxLength },
    });
  } else if (schema.pattern !== undefined && !regex(schema.pattern).test(input)) {
    issues.push({
      loc,
      msg: `should match the pattern ${schema.pattern}`,
      type: "string_pattern_mismatch",
      input,
      ctx: { pattern: schema.pattern },
    });
  } else if (schema.enum !== undefined && !schema.enum.includes(input)) {
    issues.push({
      loc,
      msg: `should be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`,
      type: "enum",
      input,
      ctx: { expected: schema.enum },
    });
  }
  return input;
}

function checkNumber(
  schema: IntegerSchema | NumberSchema,
  value: number | undefined,
  input: unknown,
  loc: Loc,
  issues: Issue[],
  type: string,
  msg: string,
): unknown {
  if (value === undefined) {
    issues.push({ loc, msg, type, input });
    return undefined;
  }
  if (schema.minimum !== undefined && value < schema.minimum) {
    issues.push({
      loc,
      msg: `should be greater than or equal to ${schema.minimum}`,
      type: "greater_than_equal",
      input,
      ctx: { ge: schema.minimum },
    });
  } else if (schema.maximum !== undefined && value > schema.maximum) {
    issues.push({
      loc,
      msg: `should be less than or equal to ${schema.maximum}`,
      type: "less_than_equal",
      input,
      ctx: { le: schema.maximum },
    });
  }
  return value;
}

function checkArray(schema: ArraySchema, input: unknown, loc: Loc, mode: Mode, issues: Issue[]): unknown {
  if (!Array.isArray(input)) {
    issues.push({ loc, msg: "should be an array", type: "list_type", input });
    return undefined;
  }
  if (schema.minItems !== undefined && input.length < schema.minItems) {
    issues.push({
      loc,
      msg: `should have at least ${count(schema.minItems, "item")}`,
      type: "too_short",
      input,
      ctx: { min_length: schema.minItems },
    });
  } else if (schema.maxItems !== undefined && input.length > schema.maxItems) {
    issues.push({
      loc,
      msg: `should have at most ${count(schema.maxItems, "item")}`,
      type: "too_long",
      input,
      ctx: { max_length: schema.maxItems },
    });
  }
  return input.map((item, index) => check(schema.items, item, [...loc, index], mode, issues));
}

/** A decimal integer in text; JSON numbers must be whole already. Beyond 2^53 a number is no longer exact. */
function integerOf(input: unknown, mode: Mode): number | undefined {
  const value = mode === "text" && typeof input === "string" && /^[+-]?\d+$/.test(input) ? Number(input) : input;
  return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
}

function numberOf(input: unknown, mode: Mode): number | undefined {
  const value =
    mode === "text" && typeof input === "string" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(input)
      ? Number(input)
      : input;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The words HTML checkboxes and people use for yes and no. */
const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

function booleanOf(input: unknown, mode: Mode): boolean | undefined {
  if (typeof input === "boolean") return input;
  if (mode !== "text" || typeof input !== "string") return undefined;
  const word = input.toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const compiled = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = new RegExp(pattern, "u")));
  return re;
}
