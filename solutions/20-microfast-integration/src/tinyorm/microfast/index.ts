// The microfast plugin of chapter 20, as tinyorm exports it.
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
