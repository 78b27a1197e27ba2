// Mistakes a learner could make in chapter 20, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const LIFECYCLE = "src/tinyorm/microfast/lifecycle.ts";
const TRANSACTION = "src/tinyorm/microfast/request-transaction.ts";
const ERRORS = "src/tinyorm/microfast/error-mapping.ts";
const USERS = "src/tinyorm/users/users-app.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "20.1",
    file: LIFECYCLE,
    from: `    try {
      await (await DB.queryable()).query(PROBE);
    } catch (error) {
      // Nothing listens and nothing stays open: the caller may fix the URL and start again.
      await DB.close().catch(() => undefined);
      throw error;
    }
    let server: Server;`,
    to: `    let server: Server;`,
    what: "the pool left to open at the first request: a wrong URL starts a server that can only fail",
  },
  {
    stage: "20.1",
    file: LIFECYCLE,
    from: `      await this.#app.close();
      await DB.close();`,
    to: `      await DB.close();
      await this.#app.close();`,
    what: "the pool closed before the server has answered the requests in progress",
  },
  {
    stage: "20.1",
    file: LIFECYCLE,
    from: `      // Nothing listens and nothing stays open: the caller may fix the URL and start again.
      await DB.close().catch(() => undefined);
      throw error;`,
    to: `      throw error;`,
    what: "a failed start leaves DB configured, so the next start() is refused",
  },
  {
    stage: "20.1",
    file: LIFECYCLE,
    from: `      await this.#app.close();
      await DB.close();`,
    to: `      await this.#app.close();`,
    what: "stop() never drains the pool",
  },
  {
    stage: "20.1",
    file: LIFECYCLE,
    from: "    this.#stopping ??= (async () => {",
    to: "    this.#stopping = (async () => {",
    what: "each stop() call starts a shutdown of its own",
  },
  {
    stage: "20.2",
    file: TRANSACTION,
    from: "    if (!inTransaction(request)) return next();",
    to: "    if (inTransaction(request)) return next();",
    what: "the rule read backwards: GETs in a transaction, writes without one",
  },
  {
    stage: "20.2",
    file: TRANSACTION,
    from: "        if (response.status >= 400) throw new AnsweredWithError(response);",
    to: "        if (response.status >= 500) throw new AnsweredWithError(response);",
    what: "only a 5xx rolls back: a handler's HttpError(404) after a write commits the write",
  },
  {
    stage: "20.2",
    file: TRANSACTION,
    from: "        if (response.status >= 400) throw new AnsweredWithError(response);\n",
    to: "",
    what: "rolls back only what throws past the app's error layer: every answered error commits",
  },
  {
    stage: "20.2",
    file: TRANSACTION,
    from: 'new Set(["GET", "HEAD", "OPTIONS", "TRACE"])',
    to: 'new Set(["GET", "HEAD", "OPTIONS", "TRACE", "POST"])',
    what: "POST counted as a safe method: it runs without a transaction",
  },
  {
    stage: "20.2",
    file: TRANSACTION,
    from: 'new Set(["GET", "HEAD", "OPTIONS", "TRACE"])',
    to: 'new Set(["HEAD", "OPTIONS", "TRACE"])',
    what: "GET runs in a transaction, holding a connection for the whole request",
  },
  {
    stage: "20.3",
    file: ERRORS,
    from: "  return Response.json({ detail }, { status: 409 });",
    to: "  return Response.json({ detail }, { status: 400 });",
    what: "a duplicate answered 400 Bad Request instead of 409 Conflict",
  },
  {
    stage: "20.3",
    file: ERRORS,
    from: "[UniqueViolation, ForeignKeyViolation]",
    to: "[ForeignKeyViolation]",
    what: "UniqueViolation not mapped: a taken username is a 500",
  },
  {
    stage: "20.3",
    file: ERRORS,
    from: '    return { loc: ["body", error.field], msg: error.reason, type: "model_validation" };',
    to: '    return { loc: ["body", error.model], msg: error.reason, type: "model_validation" };',
    what: "the issue's loc names the model instead of the field",
  },
  {
    stage: "20.3",
    file: ERRORS,
    from: `  NotNullViolation,
  DataException,
];`,
    to: `  NotNullViolation,
  DataException,
  Error,
];`,
    what: "a catch-all: every error answered 422, a syntax error included",
  },
  {
    stage: "20.3",
    file: ERRORS,
    from: "[RowNotFoundError, DeletedInstanceError]",
    to: "[DeletedInstanceError]",
    what: "RowNotFoundError not mapped: a missing row is a 500",
  },
  {
    stage: "20.4",
    file: USERS,
    from: "        .orderBy(User.username.asc())\n",
    to: "",
    what: "the list in whatever order the server returns it, not by username",
  },
  {
    stage: "20.4",
    file: USERS,
    from: "        .limit(limit)\n",
    to: "",
    what: "the list's limit ignored",
  },
  {
    stage: "20.4",
    file: USERS,
    from: "        .where(User.username.startsWith(prefix))",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    to: "        .where(User.username.like(`${prefix}%`))",
    what: "the prefix used as a LIKE pattern: _ and % in it match anything",
  },
  {
    stage: "20.4",
    file: USERS,
    from: "const username = t.string({ minLength: 1, maxLength: MAX_USERNAME_LENGTH });",
    to: "const username = t.string({ maxLength: MAX_USERNAME_LENGTH + 1 });",
    what: "an empty username and one a character too long accepted by the schema",
  },
  {
    stage: "20.4",
    file: USERS,
    from: '    return new Response("", { status: 204 });',
    to: "    return { deleted: id };",
    what: "DELETE answers 200 with a body instead of 204 No Content",
  },
  {
    stage: "20.4",
    file: USERS,
    from: "      if (next !== undefined) user.username = next;\n",
    to: "",
    what: "PATCH answers 200 without changing anything",
  },
  {
    stage: "20.5",
    file: ERRORS,
    from: `    { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },`,
    to: "    { status: 503 },",
    what: "a 503 without Retry-After",
  },
  {
    stage: "20.5",
    file: ERRORS,
    from: `export const UNAVAILABLE_ERRORS: readonly ErrorClass<Error>[] = [
  ConnectionError,`,
    to: "export const UNAVAILABLE_ERRORS: readonly ErrorClass<Error>[] = [",
    what: "ConnectionError not mapped: a session that died between two statements is a 500",
  },
  {
    stage: "20.5",
    file: ERRORS,
    from: `  OperatorIntervention,
  TransactionRollback,
  PoolTimeoutError,`,
    to: `  TransactionRollback,
  PoolTimeoutError,`,
    what: "a killed backend (57P01) is a 500",
  },
  {
    stage: "20.5",
    file: ERRORS,
    from: `  PoolTimeoutError,
  PoolClosedError,
];`,
    to: `  PoolClosedError,
];`,
    what: "an exhausted pool is a 500",
  },
  {
    stage: "20.5",
    file: ERRORS,
    from: '    { detail: "the database is unavailable; try again" },',
    to: "    { detail: error.message },",
    what: "the server's message sent to the client",
  },
];
