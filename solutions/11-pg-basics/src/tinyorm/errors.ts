// What went wrong, as classes a caller can catch. PostgreSQL reports every failure with a
// five-character SQLSTATE (Appendix A, "PostgreSQL Error Codes"): the first two characters
// name its class ("23", integrity constraint violation), all five the condition ("23505",
// unique_violation). A DatabaseError keeps the code and the fields of the server's
// ErrorResponse (protocol §55.8, "Error and Notice Message Fields"); its subclass names the
// condition, so a caller writes `if (error instanceof UniqueViolation)` instead of comparing
// strings, and `error.constraint` says which rule was broken. Message texts are localised
// (lc_messages); the code and the fields are not, so programs read those.
import type { DatabaseError as DriverError } from "pg";

/** The fields of an ErrorResponse a caller can act on (protocol §55.8). */
export interface ErrorFields {
  /** Field C: the SQLSTATE, e.g. "23505". */
  sqlstate: string;
  /** Field V: ERROR, FATAL or PANIC, never localised. */
  severity?: string | undefined;
  /** Field D: more about the failure, e.g. which key value already exists. */
  detail?: string | undefined;
  /** Field H: advice on what to do about it. */
  hint?: string | undefined;
  /** Field P: where in the query text the error was found, counting characters from 1. */
  position?: number | undefined;
  /** Fields s, t, c, d, n: the schema, table, column, data type and constraint involved. */
  schema?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
  dataType?: string | undefined;
  constraint?: string | undefined;
}

/** An error the server reported. Subclasses name the condition; unknown codes stay this class. */
export class DatabaseError extends Error {
  readonly sqlstate: string;
  readonly severity: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: number | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly dataType: string | undefined;
  readonly constraint: string | undefined;

  constructor(message: string, fields: ErrorFields, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.sqlstate = fields.sqlstate;
    this.severity = fields.severity;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
    this.schema = fields.schema;
    this.table = fields.table;
    this.column = fields.column;
    this.dataType = fields.dataType;
    this.constraint = fields.constraint;
  }
}

/** Class 22: a value that does not fit its type. */
export class DataException extends DatabaseError {}
/** 22003: a number too large (or too precise) for its type. */
export class NumericValueOutOfRange extends DataException {}
/** 22P02: text that is not a value of the type it is read as ('abc'::int). */
export class InvalidTextRepresentation extends DataException {}

/** Class 23: a write that would break a constraint; `constraint` and `table` say which. */
export class IntegrityConstraintViolation extends DatabaseError {}
/** 23502: NULL in a NOT NULL column; `column` names it. */
export class NotNullViolation extends IntegrityConstraintViolation {}
/** 23503: a reference to a row that does not exist, or the removal of a row still referenced. */
export class ForeignKeyViolation extends IntegrityConstraintViolation {}
/** 23505: a duplicate in a unique index or primary key. */
export class UniqueViolation extends IntegrityConstraintViolation {}
/** 23514: a row a CHECK constraint refuses. */
export class CheckViolation extends IntegrityConstraintViolation {}

/** Class 25: a statement the transaction's state does not allow. */
export class InvalidTransactionState extends DatabaseError {}
/** 25P02: the transaction already failed; everything until ROLLBACK is refused. */
export class InFailedSqlTransaction extends InvalidTransactionState {}

/** Class 3D, 3D000: the database named in the connection does not exist. */
export class InvalidCatalogName extends DatabaseError {}

/**
 * Class 40: the server rolled the transaction back to keep its guarantees. Nothing of it was
 * kept, and running the whole transaction again may well succeed (chapter 15 does).
 */
export class TransactionRollback extends DatabaseError {}
/** 40001: a concurrent transaction changed what this one read (REPEATABLE READ, SERIALIZABLE). */
export class SerializationFailure extends TransactionRollback {}
/** 40P01: two transactions waited for each other's locks; this one was chosen to end. */
export class DeadlockDetected extends TransactionRollback {}

/** Class 42: the statement is not valid SQL, names what does not exist, or is not allowed. */
export class SyntaxErrorOrAccessRuleViolation extends DatabaseError {}
/** 42601 (named so as not to hide JavaScript's own SyntaxError). */
export class SqlSyntaxError extends SyntaxErrorOrAccessRuleViolation {}
/** 42703 */
export class UndefinedColumn extends SyntaxErrorOrAccessRuleViolation {}
/** 42P01: the server names no table in the fields; `position` points at it in the query. */
export class UndefinedTable extends SyntaxErrorOrAccessRuleViolation {}

/** Class 57: an operator or a limit stopped the statement or the session. */
export class OperatorIntervention extends DatabaseError {}
/** 57014: statement_timeout, or pg_cancel_backend(). */
export class QueryCanceled extends OperatorIntervention {}
/** 57P01: pg_terminate_backend(), or the server shutting down: the session is gone. */
export class AdminShutdown extends OperatorIntervention {}

type DatabaseErrorClass = new (message: string, fields: ErrorFields, options?: ErrorOptions) => DatabaseError;

/** Conditions with a class of their own, by SQLSTATE. */
export const CONDITIONS: Readonly<Record<string, DatabaseErrorClass>> = {
  "22003": NumericValueOutOfRange,
  "22P02": InvalidTextRepresentation,
  "23502": NotNullViolation,
  "23503": ForeignKeyViolation,
  "23505": UniqueViolation,
  "23514": CheckViolation,
  "25P02": InFailedSqlTransaction,
  "3D000": InvalidCatalogName,
  "40001": SerializationFailure,
  "40P01": DeadlockDetected,
  "42601": SqlSyntaxError,
  "42703": UndefinedColumn,
  "42P01": UndefinedTable,
  "57014": QueryCanceled,
  "57P01": AdminShutdown,
};

/** Every other code of these classes is still caught by its class: the first two characters. */
export const CLASSES: Readonly<Record<string, DatabaseErrorClass>> = {
  "22": DataException,
  "23": IntegrityConstraintViolation,
  "25": InvalidTransactionState,
  "3D": InvalidCatalogName,
  "40": TransactionRollback,
  "42": SyntaxErrorOrAccessRuleViolation,
  "57": OperatorIntervention,
};

/** The driver's error for an ErrorResponse, as the class of its condition, with its fields. */
export function toDatabaseError(error: DriverError): DatabaseError {
  // Field C is in every ErrorResponse; XX000 (internal_error) only if a server left it out.
  const sqlstate = error.code ?? "XX000";
  const Condition = CONDITIONS[sqlstate] ?? CLASSES[sqlstate.slice(0, 2)] ?? DatabaseError;
  return new Condition(
    error.message,
    {
      sqlstate,
      severity: error.severity,
      detail: error.detail,
      hint: error.hint,
      position: error.position === undefined ? undefined : Number(error.position),
      schema: error.schema,
      table: error.table,
      column: error.column,
      dataType: error.dataType,
      constraint: error.constraint,
    },
    { cause: error },
  );
}

/** The server could not be reached, or the session is over: there is no SQLSTATE to report. */
export class ConnectionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConnectionError";
  }
}

/** A value that cannot travel as a query parameter. Nothing was sent. */
export class ParameterError extends Error {
  constructor(
    /** Which parameter: 1 for $1. */
    readonly parameter: number,
    reason: string,
  ) {
    super(`parameter $${parameter}: ${reason}`);
    this.name = "ParameterError";
  }
}

/** A statement name this connection already prepared for other SQL. Nothing was sent. */
export class PreparedStatementConflict extends Error {
  constructor(
    readonly statementName: string,
    readonly preparedSql: string,
    readonly requestedSql: string,
  ) {
    super(
      `the statement "${statementName}" is already prepared on this connection as ${JSON.stringify(preparedSql)}; pick another name for ${JSON.stringify(requestedSql)}`,
    );
    this.name = "PreparedStatementConflict";
  }
}
