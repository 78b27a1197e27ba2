// Optimistic locking: a row carries a version number, and a save writes over the version it
// read, or not at all.
//
//   class Account extends Model.table("accounts", {
//     id: fields.int({ primaryKey: true, generated: true }),
//     balance: fields.int(),
//     version: versioned(fields.int()),
//   }) {}
//
//   UPDATE accounts SET balance = $1, version = $2 WHERE id = $3 AND version = $4 RETURNING …
//                                     held + 1                        the version read
//
// Two programs that read version 3 both send that UPDATE. The server runs them one after the
// other on the row (the second waits for the first's row lock, then reads the row again: docs
// §13.2.1, "Read Committed Isolation Level"); the first finds version 3 and writes 4, the second
// finds 4 and matches nothing. No row returned means someone else won: StaleRowError, and
// nothing of that save was written. `version = $2` with held + 1 is `version = version + 1`
// under that WHERE, which has already said what version is.
//
// No lock is held between the read and the write — hence "optimistic": it costs nothing while
// nobody collides, and the loser is told instead of silently overwriting the winner (a "lost
// update"). model.ts's save() calls guardVersion() for every model that declares a version.
import { Field, type FieldOptions } from "../model/fields.ts";
import type { Definition } from "../model/model.ts";
import type { AnyField, Schema } from "../model/row-types.ts";
import type { SqlValue } from "../parameters.ts";
import type { NoRow } from "../query/selection.ts";
import type { UpdateQuery } from "../query/update.ts";

/** The version a row starts at, when the field declares no default of its own. */
export const FIRST_VERSION = 1;

type Property = Definition<Schema>["properties"][number];

const versionFields = new WeakSet<AnyField>();

/** `field` as the model's version: save() writes only over the version it read, and moves it on by one. */
export function versioned<const O extends FieldOptions<number>>(
  field: Field<number, O>,
): Field<number, O & { readonly default: number | (() => number) }> {
  const version = new Field(field.type, { ...field.options, default: field.options.default ?? FIRST_VERSION });
  versionFields.add(version as AnyField);
  return version;
}

/** The model's version field, if it declares one. */
export function versionOf(definition: Definition<Schema>): Property | undefined {
  return definition.properties.find((property) => versionFields.has(property.field));
}

/** `query` (an UPDATE of one row) made to match only the version `held`, and to move it to held + 1. */
export function guardVersion(
  query: UpdateQuery<Record<string, SqlValue>, NoRow>,
  definition: Definition<Schema>,
  version: Property,
  held: number,
): UpdateQuery<Record<string, SqlValue>, NoRow> {
  return query.set({ [version.column]: held + 1 }).where(definition.table[version.column]!.eq(held));
}
