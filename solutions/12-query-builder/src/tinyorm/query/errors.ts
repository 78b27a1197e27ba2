// Mistakes the query builder refuses before anything is sent: each would otherwise become SQL
// that fails on the server with a less helpful message, or, worse, SQL that runs and means
// something else.

/** A query that cannot be built as asked: a comparison with NULL, an INSERT without rows … */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A name that cannot be a PostgreSQL identifier: empty, holding NUL, or longer than the server keeps. */
export class IdentifierError extends QueryError {
  constructor(
    readonly identifier: string,
    reason: string,
  ) {
    super(`${JSON.stringify(identifier.length > 80 ? `${identifier.slice(0, 80)}…` : identifier)} ${reason}`);
  }
}

/** A statement with more parameters than one Bind message can carry. */
export class ParameterLimitError extends QueryError {
  constructor(
    readonly parameters: number,
    readonly limit: number,
  ) {
    super(
      `a statement with ${parameters} parameters cannot be sent: the protocol allows ${limit} (split a large INSERT with split(), or run it with execute())`,
    );
  }
}
