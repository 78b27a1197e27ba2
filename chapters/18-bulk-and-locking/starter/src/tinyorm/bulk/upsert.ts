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
import type { ModelLike } from "../relations/relation-types.ts";

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
  _model: M,
  _values: object,
  _options: O,
): Promise<Upserted<InstanceType<M>, O>> {
  // compile() the INSERT of cellsFor(model, values, 1), then ON CONFLICT (…) DO UPDATE SET … = EXCLUDED.…
  // (version = <table>.version + 1 for a versioned model) or DO NOTHING, and RETURNING every column.
  throw new Error("TODO(18): upsert: INSERT … ON CONFLICT (…) DO UPDATE SET … / DO NOTHING … RETURNING");
}
