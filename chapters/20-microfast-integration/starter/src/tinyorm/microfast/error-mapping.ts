// What the database refused, answered with the status that says why, in microfast's error shape
// ({"detail": …}, FastAPI's). Without this every one of them is a 500 "Internal Server Error":
// true for the server, useless for a client, which cannot tell "pick another username" from
// "try again in a second" from "this is a bug".
//
//   UniqueViolation 23505, ForeignKeyViolation 23503          409 Conflict      with the current state
//   RowNotFoundError, DeletedInstanceError                    404 Not Found
//   ValidationError, CheckViolation 23514, NotNull 23502,     422 Unprocessable  the same shape as
//     class 22 (a value that does not fit its type)                              microfast's own 422
//   ConnectionError, class 57 (57P01: the backend was         503 Unavailable   + Retry-After: the
//     killed), class 40 (40001, 40P01), PoolTimeoutError,                        request may succeed
//     PoolClosedError                                                            if sent again
//
// Anything else — a syntax error, an undefined column — is a bug: microfast's last resort logs
// it and answers a bare 500, with no SQL in the body (CWE-209).
import { type ErrorClass, log, type MicroFast, type Request, type Response } from "@trilogy/microfast";
import {
  CheckViolation,
  ConnectionError,
  type DatabaseError,
  DataException,
  ForeignKeyViolation,
  NotNullViolation,
  OperatorIntervention,
  TransactionRollback,
  UniqueViolation,
} from "../errors.ts";
import { DeletedInstanceError, RowNotFoundError, ValidationError } from "../model/errors.ts";
import { PoolClosedError, PoolTimeoutError } from "../pool/errors.ts";

/**
 * How long a client is asked to wait before it sends a 503'd request again (RFC 9110 §10.2.3):
 * long enough for the pool to replace a dead connection, short enough not to lose the user.
 */
export const RETRY_AFTER_SECONDS = 1;

/** A write that contradicts what is stored: a duplicate key, a reference to a row that does not exist. */
export const CONFLICT_ERRORS: readonly ErrorClass<DatabaseError>[] = [UniqueViolation, ForeignKeyViolation];

/** The row the request names is not there (or is no longer). */
export const NOT_FOUND_ERRORS: readonly ErrorClass<Error>[] = [RowNotFoundError, DeletedInstanceError];

/** A value the model or the table refuses: the request is well-formed, its content is not (RFC 9110 §15.5.21). */
export const INVALID_ERRORS: readonly ErrorClass<Error>[] = [
  ValidationError,
  CheckViolation,
  NotNullViolation,
  DataException,
];

/** The database could not do the work now, and nothing of it was kept: the same request may well succeed again. */
export const UNAVAILABLE_ERRORS: readonly ErrorClass<Error>[] = [
  ConnectionError,
  OperatorIntervention,
  TransactionRollback,
  PoolTimeoutError,
  PoolClosedError,
];

/** Registers an error handler for every class above on `app`. */
export function mapDatabaseErrors(app: MicroFast): void {
  for (const type of CONFLICT_ERRORS) app.onError(type, conflict);
  for (const type of NOT_FOUND_ERRORS) app.onError(type, notFound);
  for (const type of INVALID_ERRORS) app.onError(type, unprocessable);
  for (const type of UNAVAILABLE_ERRORS) app.onError(type, unavailable);
}

/** 409, naming the constraint: the client's way to tell a taken username from a taken email. */
export function conflict(error: DatabaseError): Response {
  // TODO(20): 409 {"detail": a message with error.constraint}; UniqueViolation says "already exists".
  throw new Error("TODO(20): conflict() is not implemented");
}

/** 404 with the error's own message: "User 7 does not exist". */
export function notFound(error: Error): Response {
  // TODO(20): 404 {"detail": error.message}.
  throw new Error("TODO(20): notFound() is not implemented");
}

/** 422 with a list of issues, as microfast's validation writes them: a client reads both one way. */
export function unprocessable(error: Error): Response {
  // TODO(20): 422 {"detail": [issue]}: loc ["body", error.field], msg error.reason, type
  // "model_validation" for a ValidationError; ["body", error.column] "not_null_violation" for a
  // NotNullViolation; ["body"] "check_violation" for a CheckViolation; ["body"] "data_exception"
  // for the rest (class 22).
  throw new Error("TODO(20): unprocessable() is not implemented");
}

/** 503 with Retry-After; the cause goes to the log, tagged with the request's id, not to the client. */
export function unavailable(error: Error, request: Request): Response {
  // TODO(20): log.warn() the error with the request's method and target, and answer 503
  // {"detail": a message of your own} with Retry-After: RETRY_AFTER_SECONDS.
  throw new Error("TODO(20): unavailable() is not implemented");
}
