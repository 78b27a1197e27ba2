// The types a model's declaration implies, computed by the type checker from the fields alone:
// no code is generated and nothing is read from the database. For
//
//   { id: fields.int({ primaryKey: true, generated: true }), bio: fields.text({ nullable: true }) }
//
// an instance has `readonly id: number` and `bio: string | null`; create() takes `{ bio?: … }`
// and refuses `id`; the class has `id: Column<number, "id">`. Each option is kept as a literal
// type (`true`, not `boolean`) by the `const` type parameters of fields.ts, so a conditional type
// can ask what the option says.
import type { SqlValue } from "../parameters.ts";
import type { Column } from "../query/column.ts";
import type { Field, FieldOptions } from "./fields.ts";

/** Any field of any type: what a schema holds. */
export type AnyField = Field<SqlValue, FieldOptions<unknown>>;

/** A model's declaration: property name → field. */
export type Schema = { readonly [property: string]: AnyField };

/** The options a field was declared with, as literal types: `{ readonly primaryKey: true; … }`. */
type OptionsOf<F> = F extends Field<SqlValue, infer O> ? O : never;

/** Flattens an intersection into one object type, so editors show `{ id: number; … }`. */
type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * A type not written yet. It is a message, so the compiler shows it wherever the type is used:
 * `Property 'username' does not exist on type 'Model & "TODO(13): Row<S> is not implemented"'`.
 */
type Todo<What extends string> = `TODO(13): ${What} is not implemented`;

// TODO(13): stage 13.6. Replace each Todo<…> below with the type its comment describes, computed
// from S (the schema) with mapped and conditional types. Helpers you will want, next to
// OptionsOf: the name of a property's column (options.column, else the property), and the
// properties whose options extend a flag such as { readonly primaryKey: true } — the key, the
// generated fields, and the omissible ones (nullable, serverDefault or default).

/** The values of a field: its type, and null when the column allows it. */
export type ValueOf<F> = Todo<"ValueOf<F>">;

/** An instance's values: the key and generated fields are read-only, every other field can be assigned. */
export type Row<S> = Todo<"Row<S>">;

/** What create() and `new` take: every field but the generated ones, optional where the table can do without it. */
export type CreateInput<S> = Todo<"CreateInput<S>">;

/** The value of a model's primary key: what find() takes. */
export type KeyValue<S> = Todo<"KeyValue<S>">;

/** The class's typed column references: `User.username` is `Column<string, "username">`. */
export type ColumnRefs<S> = Todo<"ColumnRefs<S>">;
