// The models of chapter 13, as tinyorm exports them: fields, Model, the queries that return
// instances, their errors, and DB.
// Everything db.ts exports: the facade, and from chapter 14 the type of its options.
export * from "./db.ts";
export {
  ConfigurationError,
  DeletedInstanceError,
  ModelError,
  RowNotFoundError,
  ValidationError,
} from "./errors.ts";
export { Field, type FieldOptions, type FieldType, fields, type NoOptions } from "./fields.ts";
export { DEFINITION, type Definition, type FindOptions, Model, type ModelClass } from "./model.ts";
export { ModelQuery } from "./model-query.ts";
export type {
  AnyField,
  ColumnRefs,
  CreateInput,
  KeyValue,
  Row as ModelRow,
  Schema,
  ValueOf,
} from "./row-types.ts";
