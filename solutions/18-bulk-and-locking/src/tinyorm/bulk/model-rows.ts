// What the bulk writes share: a model's rows made instances, so each is checked and gets its
// defaults exactly as create() would, and a row that does not fit is named by its place.
import { DEFINITION, type Definition, insertedCells, Model } from "../model/model.ts";
import type { ModelQuery } from "../model/model-query.ts";
import type { Schema } from "../model/row-types.ts";
import type { SqlValue } from "../parameters.ts";
import type { ModelLike } from "../relations/relation-types.ts";
import { BulkRowError } from "./errors.ts";

/** A row as chapter 12's builder writes it: column name → value. */
export type Cells = Record<string, SqlValue>;

export function definitionOf(model: ModelLike): Definition<Schema> {
  return model[DEFINITION];
}

/** The cells an INSERT of `values` sends, checked and with defaults; a BulkRowError naming row `row` (from 1) if they do not fit. */
export function cellsFor(model: ModelLike, values: object, row: number): Cells {
  try {
    return insertedCells(new (model as unknown as new (values: object) => Model)(values));
  } catch (error) {
    throw new BulkRowError(row, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The model's SELECT of every field: what turns a returned row into an instance (instanceFrom). */
export function rowsOf(model: ModelLike): ModelQuery<Model> {
  return Model.select.call(model as never) as ModelQuery<Model>;
}
