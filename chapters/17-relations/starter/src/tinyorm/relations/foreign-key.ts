// A foreign key: a field whose value is another model's primary key, and the constraint that
// makes the server hold it to that (docs, chapter 5 "Data Definition", section "Foreign Keys"). The constraint is what keeps
// a post from naming a user who does not exist: an INSERT or UPDATE that would break it fails
// with SQLSTATE 23503 (chapter 11's ForeignKeyViolation), and ON DELETE says what deleting the
// user does to the posts that still name it.
//
//   class Post extends Model.table("posts", {
//     id: fields.int({ primaryKey: true, generated: true }),
//     authorId: references(fields.int({ column: "author_id" }), () => User, { onDelete: "cascade" }),
//   }) {}
//
// `() => User`, not `User`: a model may reference one declared further down the file.
import { Field, type FieldOptions } from "../model/fields.ts";
import { DEFINITION } from "../model/model.ts";
import type { AnyField, KeyValue } from "../model/row-types.ts";
import { quoteIdentifier, quoteQualified } from "../query/identifiers.ts";
import { TABLE } from "../query/table.ts";
import { RelationError } from "./errors.ts";
import type { ModelLike, SchemaOf } from "./relation-types.ts";

/**
 * What deleting a referenced row does to the rows that reference it (docs: CREATE TABLE,
 * REFERENCES … ON DELETE). "no action" and "restrict" both refuse the delete (23503); "no
 * action" only checks at the end of the statement (or transaction, when deferred).
 */
export type OnDelete = "no action" | "restrict" | "cascade" | "set null";

export interface ForeignKeyOptions {
  /** Default "no action", the server's own default. */
  readonly onDelete?: OnDelete;
}

export interface ForeignKey {
  readonly target: () => ModelLike;
  readonly onDelete: OnDelete;
}

/** A field's value type without null: what it holds when it holds anything. */
type Held<F> = F extends Field<infer T, FieldOptions<unknown>> ? T : never;

/** The two key types are the same: an int field cannot reference a text key. */
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The rest of references()'s arguments: the options, or, when the types differ, a message as the type no value has. */
// TODO(17): when SameType<Held<F>, KeyValue<SchemaOf<T>>> is not true, make the rest a tuple
// whose one element is a message type no value has, so a text field referencing an integer key
// does not compile.
type Rest<_F, _T extends ModelLike> = [options?: ForeignKeyOptions];

/** The foreign keys of the fields that have one. A WeakMap: a field is a plain value, and fields.ts needs no new option. */
const foreignKeys = new WeakMap<AnyField, ForeignKey>();

/** `field`, as a foreign key to `target`'s primary key. */
export function references<F extends AnyField, T extends ModelLike>(field: F, target: () => T, ...rest: Rest<F, T>): F {
  const [options] = rest as [ForeignKeyOptions?];
  const onDelete = options?.onDelete ?? "no action";
  // SET NULL on a NOT NULL column fails only when a row is deleted, with 23502: say so now.
  if (onDelete === "set null" && field.options.nullable !== true) {
    throw new RelationError('onDelete "set null" needs a field declared { nullable: true }');
  }
  // A new field, so that the field given stays what it was (it may be used elsewhere without a key).
  const keyed = new Field(field.type, field.options) as F;
  foreignKeys.set(keyed, { target, onDelete });
  return keyed;
}

/** The foreign key a field was declared with, if any. */
export function foreignKeyOf(field: AnyField): ForeignKey | undefined {
  return foreignKeys.get(field);
}

/**
 * The statements that add `model`'s foreign keys to its table, one ALTER TABLE … ADD CONSTRAINT
 * per field that references another model. The constraint is named as PostgreSQL names one it
 * makes itself, `<table>_<column>_fkey`, so the name is the same whoever made it.
 */
export function foreignKeySql(model: ModelLike): string[] {
  // TODO(17): for each of model[DEFINITION].properties whose field has a foreign key
  // (foreignKeyOf), one ALTER TABLE <table> ADD CONSTRAINT "<table>_<column>_fkey" FOREIGN KEY
  // (<column>) REFERENCES <target's table> (<target's key column>) ON DELETE <ACTION>. Quote
  // every name (quoteQualified, quoteIdentifier); the table's name is model[DEFINITION].table[TABLE].name.
  throw new Error("TODO(17): foreignKeySql() is not implemented");
}
