// A small schema language for what a route accepts: plain, frozen data that says what a value
// must look like. validate.ts walks it to check input; openapi.ts turns it into JSON Schema.
// The TypeScript type of a valid value is inferred from the schema (Infer<S>), so a handler's
// params, query and body are typed by the same declaration that validates them.

export interface StringSchema {
  readonly kind: "string";
  readonly minLength?: number;
  readonly maxLength?: number;
  /**
   * A regular expression (ECMA-262) the value must match. As in JSON Schema it is not anchored:
   * write ^…$ to constrain the whole value.
   */
  readonly pattern?: string;
  /** The only values allowed. */
  readonly enum?: readonly string[];
}

export interface IntegerSchema {
  readonly kind: "integer";
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface NumberSchema {
  readonly kind: "number";
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface BooleanSchema {
  readonly kind: "boolean";
}

export interface ArraySchema<I extends Schema = Schema> {
  readonly kind: "array";
  readonly items: I;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface ObjectSchema<P extends Properties = Properties> {
  readonly kind: "object";
  readonly properties: P;
}

/** A property that may be absent. With a default, the value is filled in and always present. */
export interface OptionalSchema<S extends Schema = Schema> {
  readonly kind: "optional";
  readonly schema: S;
  /** The value of an absent property; withDefault() types it as the schema's value. */
  readonly default?: unknown;
}

export type Schema = StringSchema | IntegerSchema | NumberSchema | BooleanSchema | ArraySchema | ObjectSchema;

/** Optional and defaulted values exist only as properties of an object: a value is there or not. */
export type Properties = Readonly<Record<string, Schema | OptionalSchema>>;

/** The TypeScript type of a value that passed `S`. */
export type Infer<S> = S extends StringSchema
  ? string
  : S extends IntegerSchema | NumberSchema
    ? number
    : S extends BooleanSchema
      ? boolean
      : S extends ArraySchema<infer I>
        ? Infer<I>[]
        : S extends ObjectSchema<infer P>
          ? InferProperties<P>
          : never;

/** The keys whose value is always there: required ones, and optional ones with a default. */
type Present<P extends Properties> = {
  [K in keyof P]: P[K] extends OptionalSchema ? (P[K] extends { readonly default: unknown } ? K : never) : K;
}[keyof P];

type InferProperty<S> = S extends OptionalSchema<infer Inner> ? Infer<Inner> : Infer<S>;

/** Required and defaulted properties are always there; the other optional ones may be missing. */
type InferProperties<P extends Properties> = Simplify<
  { [K in Present<P>]: InferProperty<P[K]> } & { [K in Exclude<keyof P, Present<P>>]?: InferProperty<P[K]> }
>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Bounds = { readonly minimum?: number; readonly maximum?: number };

/** The schema builders: `t.object({ name: t.string({ minLength: 1 }), age: t.optional(t.integer()) })`. */
export const t = {
  string: (options: Omit<StringSchema, "kind"> = {}): StringSchema => Object.freeze({ kind: "string", ...options }),
  integer: (options: Bounds = {}): IntegerSchema => Object.freeze({ kind: "integer", ...options }),
  number: (options: Bounds = {}): NumberSchema => Object.freeze({ kind: "number", ...options }),
  boolean: (): BooleanSchema => Object.freeze({ kind: "boolean" }),
  array: <I extends Schema>(
    items: I,
    options: { readonly minItems?: number; readonly maxItems?: number } = {},
  ): ArraySchema<I> => Object.freeze({ kind: "array", items, ...options }),
  object: <P extends Properties>(properties: P): ObjectSchema<P> =>
    Object.freeze({ kind: "object", properties: Object.freeze({ ...properties }) }),
  optional: <S extends Schema>(schema: S): OptionalSchema<S> => Object.freeze({ kind: "optional", schema }),
  /** An optional property that takes `value` when absent (FastAPI's `limit: int = 10`). */
  withDefault: <S extends Schema>(schema: S, value: Infer<S>): OptionalSchema<S> & { readonly default: Infer<S> } =>
    Object.freeze({ kind: "optional", schema, default: value }),
};

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Translates a schema into JSON Schema, for the OpenAPI document. */
export function toJsonSchema(schema: Schema): JsonSchema {
  switch (schema.kind) {
    case "string":
      return compact({
        type: "string",
        minLength: schema.minLength,
        maxLength: schema.maxLength,
        pattern: schema.pattern,
        enum: schema.enum,
      });
    case "integer":
    case "number":
      return compact({ type: schema.kind, minimum: schema.minimum, maximum: schema.maximum });
    case "boolean":
      return { type: "boolean" };
    case "array":
      return compact({
        type: "array",
        items: toJsonSchema(schema.items),
        minItems: schema.minItems,
        maxItems: schema.maxItems,
      });
    case "object": {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [name, property] of Object.entries(schema.properties)) {
        if (property.kind === "optional") {
          properties[name] = compact({ ...toJsonSchema(property.schema), default: property.default });
        } else {
          properties[name] = toJsonSchema(property);
          required.push(name);
        }
      }
      return compact({ type: "object", properties, required: required.length > 0 ? required : undefined });
    }
  }
}

/** Drops keywords that are not set: JSON Schema has no "undefined". */
function compact(schema: Record<string, unknown>): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}
