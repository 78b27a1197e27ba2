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

type OptionsOf<F> = F extends Field<SqlValue, infer O> ? O : never;

/** The values of a field: its type, and null when the column allows it. */
export type ValueOf<F> =
  F extends Field<infer T, infer O> ? (O extends { readonly nullable: true } ? T | null : T) : never;

/** The name of the column a property maps to. */
type ColumnName<F, P extends string> = OptionsOf<F> extends { readonly column: infer C extends string } ? C : P;

/** The properties whose options match `Flag`. */
type PropertiesWith<S, Flag> = { [P in keyof S]: OptionsOf<S[P]> extends Flag ? P : never }[keyof S];

type KeyProperty<S> = PropertiesWith<S, { readonly primaryKey: true }>;
type Generated<S> = PropertiesWith<S, { readonly generated: true }>;
/** Fields an instance cannot assign: the key names the row, and the server makes generated values. */
type Fixed<S> = KeyProperty<S> | Generated<S>;
/** Fields create() may leave out: the column allows NULL, or a default fills it in. */
type Omissible<S> = PropertiesWith<
  S,
  { readonly nullable: true } | { readonly serverDefault: string } | { readonly default: unknown }
>;

/** Flattens an intersection into one object type, so editors show `{ id: number; … }`. */
type Simplify<T> = { [K in keyof T]: T[K] };

/** An instance's values: the key and generated fields are read-only, every other field can be assigned. */
export type Row<S> = Simplify<
  { readonly [P in Fixed<S>]: ValueOf<S[P]> } & { -readonly [P in Exclude<keyof S, Fixed<S>>]: ValueOf<S[P]> }
>;

/** What create() and `new` take: every field but the generated ones, optional where the table can do without it. */
export type CreateInput<S> = Simplify<
  { [P in Exclude<keyof S, Generated<S> | Omissible<S>>]: ValueOf<S[P]> } & {
    [P in Exclude<Omissible<S>, Generated<S>>]?: ValueOf<S[P]>;
  }
>;

/** The value of a model's primary key: what find() takes. */
export type KeyValue<S> = ValueOf<S[KeyProperty<S>]>;

/** The class's typed column references: `User.username` is `Column<string, "username">`. */
export type ColumnRefs<S> = {
  readonly [P in keyof S & string]: Column<Extract<ValueOf<S[P]>, SqlValue>, ColumnName<S[P], P>>;
};
