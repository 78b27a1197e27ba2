// The relations of chapter 17, as tinyorm exports them: foreign keys on fields, belongsTo,
// hasMany and manyToMany declared per model, loaded lazily or eagerly, and the N+1 detector.
export { NPlusOneError, RelationError } from "./errors.ts";
export {
  type ForeignKey,
  type ForeignKeyOptions,
  foreignKeyOf,
  foreignKeySql,
  type OnDelete,
  references,
} from "./foreign-key.ts";
export {
  DEFAULT_N_PLUS_ONE_THRESHOLD,
  detectNPlusOne,
  N_PLUS_ONE_WARNING,
  type NPlusOneMode,
  type NPlusOneOptions,
} from "./n-plus-one.ts";
export type * from "./relation-types.ts";
export { type RelationBuilders, Relations, relations } from "./relations.ts";
