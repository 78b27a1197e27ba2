// INSERT … ON CONFLICT (docs: INSERT, "ON CONFLICT Clause"): insert the row, or — when a row with
// the same values in a unique constraint's columns is already there — update that one instead,
// in one statement, with no window between a SELECT and an INSERT for another session to slip
// through.
//
//   INSERT INTO "users" ("email", "name") VALUES ($1, $2)
//     ON CONFLICT ("email") DO UPDATE SET "name" = EXCLUDED."name"
//     RETURNING "id", "email", "name"
//
// EXCLUDED is the row that was proposed for insertion. The conflict columns must be those of a
// unique index or constraint, or the server refuses the statement (42P10). DO NOTHING returns
// no row when it conflicts: upsert() then resolves with null. A versioned model's version moves
// on with every DO UPDATE, so an instance read before the upsert cannot save over it.

import { DB } from "../model/db.ts";
import { ModelError } from "../model/errors.ts";
import type { Model } from "../model/model.ts";
import { compile } from "../query/compile.ts";
import { quoteIdentifier, quoteQualified } from "../query/identifiers.ts";
import { insertInto } from "../query/insert.ts";
import { TABLE } from "../query/table.ts";
import type { ModelLike } from "../relations/relation-types.ts";
import { cellsFor, definitionOf, rowsOf } from "./model-rows.ts";
import { versionOf } from "./optimistic-lock.ts";

export interface UpsertOptions<S> {
  /** The fields whose columns make the unique constraint (or primary key) that decides the conflict. */
  readonly conflict: readonly (keyof S & string)[];
  /** On conflict: "nothing" (DO NOTHING), or the fields to update from the new row; by default every field it gives but the conflict's. */
  readonly update?: readonly (keyof S & string)[] | "nothing";
}

/** What upsert() resolves with: the row as it is now; with DO NOTHING, null when it conflicted. */
export type Upserted<I, O> = O extends { readonly update: "nothing" } ? I | null : I;

/** Inserts `values`, or on a conflict on `options.conflict` updates (or leaves) the row there; the row as an instance. */
export async function upsert<M extends ModelLike, O extends UpsertOptions<never>>(
  model: M,
  values: object,
  options: O,
): Promise<Upserted<InstanceType<M>, O>> {
  const definition = definitionOf(model);
  const columnOf = (name: string): string => {
    const property = definition.byName.get(name);
    if (!property) throw new ModelError(`${model.name} has no field "${name}" to upsert on`);
    return property.column;
  };
  if (options.conflict.length === 0)
    throw new ModelError("upsert() needs the fields of a unique constraint: { conflict: [...] }");
  const conflict = options.conflict.map(columnOf);
  const cells = cellsFor(model, values, 1);
  const { sql, params } = compile(insertInto(definition.table).values(cells));
  const target = quoteQualified(definition.table[TABLE].name);
  const returning = definition.properties.map((property) => quoteIdentifier(property.column)).join(", ");
  const statement = `${sql} ON CONFLICT (${conflict.map(quoteIdentifier).join(", ")}) ${action()} RETURNING ${returning}`;
  const { rows } = await (await DB.queryable()).query(statement, params);
  const [row] = rows;
  return (row ? (rowsOf(model).instanceFrom(row) as Model) : null) as Upserted<InstanceType<M>, O>;

  function action(): string {
    if (options.update === "nothing") return "DO NOTHING";
    const version = versionOf(definition);
    const updated = (options.update?.map(columnOf) ?? Object.keys(cells)).filter(
      (column) => !conflict.includes(column) && column !== definition.key.column && column !== version?.column,
    );
    const set = updated.map((column) => `${quoteIdentifier(column)} = EXCLUDED.${quoteIdentifier(column)}`);
    if (version) set.push(`${quoteIdentifier(version.column)} = ${target}.${quoteIdentifier(version.column)} + 1`);
    if (set.length === 0) {
      throw new ModelError(
        `upsert() of ${model.name} has nothing to update on a conflict: name the fields in { update: [...] }, or { update: "nothing" }`,
      );
    }
    return `DO UPDATE SET ${set.join(", ")}`;
  }
}
