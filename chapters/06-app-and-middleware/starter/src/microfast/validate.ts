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
  // TODO(06): walk the schema beside the input and collect every Issue; JSON keeps its types, so "42" is not an integer (stage 06.6).
  throw new Error(
    `TODO(06): validateJson is not implemented (${schema.kind} at ${JSON.stringify(loc)}, input ${typeof input})`,
  );
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
  // TODO(06): like validateJson, but every value is text to convert: "42" → 42, "on" → true; arrays take getAll(name), the rest the last value (stage 06.6).
  throw new Error(
    `TODO(06): validateFields is not implemented (${Object.keys(schema.properties).join(", ")} at ${JSON.stringify(loc)}, ${typeof fields})`,
  );
}
