// How a transaction begins. PostgreSQL offers three isolation levels (docs §13.2; READ
// UNCOMMITTED is accepted and behaves as READ COMMITTED), and a transaction may be READ ONLY
// (docs, SET TRANSACTION). Both are said in the BEGIN itself, so they hold from its first
// statement: SET TRANSACTION after a query has run is refused (25001).

/** What each level promises, docs §13.2, table 13.1 (the anomalies are shown in this chapter's README). */
export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

/** PostgreSQL's own default (default_transaction_isolation). */
export const DEFAULT_ISOLATION: IsolationLevel = "read committed";

const LEVELS: Readonly<Record<IsolationLevel, string>> = {
  "read committed": "READ COMMITTED",
  "repeatable read": "REPEATABLE READ",
  serializable: "SERIALIZABLE",
};

export interface BeginOptions {
  isolation?: IsolationLevel;
  /** Writes are refused with 25006 (read_only_sql_transaction). */
  readOnly?: boolean;
}

/** The BEGIN statement for these options. The level is written from a fixed table, never from the caller's string. */
export function beginStatement(options: BeginOptions): string {
  // TODO(15): stage 15.1 sends a plain BEGIN; stage 15.4 adds ISOLATION LEVEL (from LEVELS,
  // DEFAULT_ISOLATION when none is given) and READ ONLY.
  throw new Error("TODO(15): beginStatement() is not implemented");
}
