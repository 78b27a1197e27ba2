// The microfast plugin of chapter 20. It has an entry of its own, not a line in tinyorm's index:
// an ORM whose main module loaded an HTTP framework would load it for every program that only
// wants the database, from a script to a benchmark. Import it as src/tinyorm/microfast/index.ts.
export {
  CONFLICT_ERRORS,
  conflict,
  INVALID_ERRORS,
  mapDatabaseErrors,
  NOT_FOUND_ERRORS,
  notFound,
  RETRY_AFTER_SECONDS,
  UNAVAILABLE_ERRORS,
  unavailable,
  unprocessable,
} from "./error-mapping.ts";
export { Lifecycle } from "./lifecycle.ts";
export { findOrNotFound } from "./not-found.ts";
export { type TinyormPluginOptions, tinyorm } from "./plugin.ts";
export { requestTransactions, SAFE_METHODS, unsafeMethod } from "./request-transaction.ts";
