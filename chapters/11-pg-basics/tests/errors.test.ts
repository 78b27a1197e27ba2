// Stage 11.6: SQLSTATE → typed errors. Each case makes the server fail in a known way; the
// error must be an instance of the class for its condition (or, for a code without one, of the
// class for its SQLSTATE class), carry the code, and carry the fields the server sent: the
// constraint, table, column and position that say what to fix.

import {
  CheckViolation,
  type Connection,
  DatabaseError,
  DataException,
  DeadlockDetected,
  ForeignKeyViolation,
  InFailedSqlTransaction,
  IntegrityConstraintViolation,
  InvalidCatalogName,
  InvalidTextRepresentation,
  NotNullViolation,
  NumericValueOutOfRange,
  SerializationFailure,
  SqlSyntaxError,
  TransactionRollback,
  UndefinedColumn,
  UndefinedTable,
  UniqueViolation,
} from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectField,
  expectRejection,
  expectValue,
  openConnection,
  rowsOf,
  showError,
  showQuery,
  useDatabase,
  withConnection,
  within,
  withWitness,
} from "./sql.ts";

const SCHEMA = `
CREATE TABLE teams (id int PRIMARY KEY);
INSERT INTO teams VALUES (1);
CREATE TABLE members (
  id int PRIMARY KEY,
  username text NOT NULL CONSTRAINT members_username_key UNIQUE,
  age int CONSTRAINT members_age_check CHECK (age >= 0),
  team_id int CONSTRAINT members_team_id_fkey REFERENCES teams (id)
);
INSERT INTO members VALUES (1, 'ada', 36, 1);
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
INSERT INTO accounts VALUES (1, 100), (2, 100);`;

/** How long a session waits on a lock before it looks for a deadlock (the server's default is 1 s). */
const DEADLOCK_TIMEOUT_MS = 100;

/** Any error class, whatever its constructor takes. */
type ErrorClass = abstract new (...args: never[]) => Error;

interface Case {
  what: string;
  sql: string;
  params?: unknown[];
  /** The class the error must be an instance of. */
  kind: ErrorClass;
  /** true: exactly that class, no subclass of it (a code with no class of its own). */
  exact?: boolean;
  sqlstate: string;
  fields: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    what: "a duplicate in a unique column",
    sql: "INSERT INTO members (id, username) VALUES (2, 'ada')",
    kind: UniqueViolation,
    sqlstate: "23505",
    fields: { schema: "public", table: "members", constraint: "members_username_key" },
  },
  {
    what: "a duplicate primary key",
    sql: "INSERT INTO members (id, username) VALUES (1, 'zed')",
    kind: UniqueViolation,
    sqlstate: "23505",
    fields: { table: "members", constraint: "members_pkey" },
  },
  {
    what: "a reference to a row that does not exist",
    sql: "INSERT INTO members (id, username, team_id) VALUES (3, 'bob', 99)",
    kind: ForeignKeyViolation,
    sqlstate: "23503",
    fields: { table: "members", constraint: "members_team_id_fkey" },
  },
  {
    what: "NULL in a NOT NULL column",
    sql: "INSERT INTO members (id, username) VALUES ($1, $2)",
    params: [4, null],
    kind: NotNullViolation,
    sqlstate: "23502",
    fields: { table: "members", column: "username" },
  },
  {
    what: "a row a CHECK constraint refuses",
    sql: "INSERT INTO members (id, username, age) VALUES (5, 'eve', -1)",
    kind: CheckViolation,
    sqlstate: "23514",
    fields: { table: "members", constraint: "members_age_check" },
  },
  {
    what: "another code of class 23 (exclusion_violation)",
    sql: "DO $$ BEGIN RAISE EXCEPTION 'overlap' USING ERRCODE = '23P01', CONSTRAINT = 'no_overlap'; END $$",
    kind: IntegrityConstraintViolation,
    exact: true,
    sqlstate: "23P01",
    fields: { constraint: "no_overlap" },
  },
  {
    what: "a table that does not exist",
    sql: "SELECT * FROM no_such_table",
    kind: UndefinedTable,
    sqlstate: "42P01",
    fields: { position: 15 },
  },
  {
    what: "a column that does not exist",
    sql: "SELECT nope FROM members",
    kind: UndefinedColumn,
    sqlstate: "42703",
    fields: { position: 8 },
  },
  { what: "a syntax error", sql: "SELEC 1", kind: SqlSyntaxError, sqlstate: "42601", fields: { position: 1 } },
  {
    what: "text that is no integer",
    sql: "SELECT $1::int4",
    params: ["twelve"],
    kind: InvalidTextRepresentation,
    sqlstate: "22P02",
    fields: {},
  },
  {
    what: "an integer overflow",
    sql: "SELECT 2147483647::int4 + 1",
    kind: NumericValueOutOfRange,
    sqlstate: "22003",
    fields: {},
  },
  {
    what: "another code of class 22 (division_by_zero)",
    sql: "SELECT 1 / 0",
    kind: DataException,
    exact: true,
    sqlstate: "22012",
    fields: {},
  },
  {
    what: "a code of a class with no class of its own (P0001, raise_exception), with its detail and hint",
    sql: "DO $$ BEGIN RAISE EXCEPTION 'custom' USING DETAIL = 'the detail', HINT = 'the hint'; END $$",
    kind: DatabaseError,
    exact: true,
    sqlstate: "P0001",
    fields: { detail: "the detail", hint: "the hint", severity: "ERROR" },
  },
];

const FIELD_HINT =
  "Copy the ErrorResponse's fields onto the error: detail, hint, schema, table, column, dataType, constraint, severity, and position as a number.";

/** Fails when `error` is of a subclass of `kind` where it must be exactly `kind`. */
function expectExactly(sent: string, error: Error, kind: ErrorClass): void {
  if (error.constructor !== kind)
    throw new CheckFailure(`expected ${kind.name} itself, not a more specific class`, {
      sent,
      expected: `${kind.name} (this code has no class of its own: its SQLSTATE class decides)`,
      received: showError(error),
      hint: "Look the code up first, then its first two characters, then fall back to DatabaseError.",
    });
}

await stageWith([postgres], "11.6", (service) => {
  const db = useDatabase(service, "errors", SCHEMA);

  test.each(CASES.map((c) => [c.what, c] as const))(
    "%s is a typed error with the server's fields",
    async (_what, c) => {
      await withConnection(db().url, async (connection) => {
        const sent = showQuery(c.sql, c.params);
        const error = await expectRejection(
          sent,
          c.kind,
          () => connection.query(c.sql, (c.params ?? []) as never[]),
          `toDatabaseError(): SQLSTATE ${c.sqlstate} → ${c.kind.name}.`,
        );
        if (c.exact) expectExactly(sent, error, c.kind);
        expectField(sent, error, "sqlstate", c.sqlstate, FIELD_HINT);
        for (const [field, value] of Object.entries(c.fields)) expectField(sent, error, field, value, FIELD_HINT);
        // The session survives a failed statement: the next one runs.
        expectValue(
          `${sent}, then SELECT 'still here'`,
          [{ text: "still here" }],
          await rowsOf(connection, "SELECT 'still here' AS text"),
        );
      });
    },
  );

  test("a database that does not exist: connect() fails with InvalidCatalogName (3D000)", async () => {
    const url = db().url.replace(db().name, `${db().name}_missing`);
    const sent = `connect({ url: "${url}" })`;
    const error = await expectRejection(
      sent,
      InvalidCatalogName,
      () => openConnection(url),
      "A server's refusal to connect is a DatabaseError: map it with toDatabaseError, do not wrap it in ConnectionError.",
    );
    expectField(sent, error, "sqlstate", "3D000", FIELD_HINT);
  });

  test("a statement in a failed transaction is refused with InFailedSqlTransaction until ROLLBACK", async () => {
    await withConnection(db().url, async (connection) => {
      await rowsOf(connection, "BEGIN");
      await expectRejection("BEGIN; SELECT 1 / 0", DataException, () => connection.query("SELECT 1 / 0"));
      const sent = "BEGIN; SELECT 1 / 0; SELECT 1";
      const error = await expectRejection(sent, InFailedSqlTransaction, () => connection.query("SELECT 1"));
      expectField(sent, error, "sqlstate", "25P02", FIELD_HINT);
      await rowsOf(connection, "ROLLBACK");
      expectValue(`${sent}; ROLLBACK; SELECT 1 AS n`, [{ n: 1 }], await rowsOf(connection, "SELECT 1 AS n"));
    });
  });

  test("a write after a concurrent commit in REPEATABLE READ is a SerializationFailure (40001), a TransactionRollback", async () => {
    await withConnection(db().url, async (connection) => {
      await rowsOf(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ");
      await rowsOf(connection, "SELECT balance FROM accounts WHERE id = 1");
      await withWitness(db().url, (client) => client.query("UPDATE accounts SET balance = balance + 1 WHERE id = 1"));
      const sent =
        "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT … WHERE id = 1; (another session updates row 1 and commits); UPDATE accounts SET balance = balance - 1 WHERE id = 1";
      const error = await expectRejection(sent, SerializationFailure, () =>
        connection.query("UPDATE accounts SET balance = balance - 1 WHERE id = 1"),
      );
      expectField(sent, error, "sqlstate", "40001", FIELD_HINT);
      if (!(error instanceof TransactionRollback))
        throw new CheckFailure("a SerializationFailure must be a TransactionRollback", {
          sent,
          expected: "error instanceof TransactionRollback",
          received: showError(error),
        });
      await rowsOf(connection, "ROLLBACK");
    });
  });

  test("two transactions locking two rows in opposite orders: one gets DeadlockDetected (40P01), the other goes on", async () => {
    const first = await openConnection(db().url);
    const second = await openConnection(db().url);
    try {
      for (const connection of [first, second]) {
        await rowsOf(connection, `SET deadlock_timeout = '${DEADLOCK_TIMEOUT_MS}ms'`);
        await rowsOf(connection, "BEGIN");
      }
      await rowsOf(first, "UPDATE accounts SET balance = balance WHERE id = 1");
      await rowsOf(second, "UPDATE accounts SET balance = balance WHERE id = 2");
      const lockBoth = (connection: Connection, id: number) =>
        within(`UPDATE … WHERE id = ${id}`, connection.query(`UPDATE accounts SET balance = balance WHERE id = ${id}`));
      const waiting = lockBoth(first, 2);
      // Let the first one queue on the lock before the second closes the circle.
      await new Promise((resolve) => setTimeout(resolve, DEADLOCK_TIMEOUT_MS / 2));
      const outcomes = await Promise.allSettled([waiting, lockBoth(second, 1)]);
      const sent =
        "A: BEGIN; UPDATE row 1.  B: BEGIN; UPDATE row 2.  A: UPDATE row 2 (waits).  B: UPDATE row 1 (closes the circle)";
      const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
      const deadlocks = failed.filter((e) => e instanceof DeadlockDetected);
      if (deadlocks.length !== 1 || failed.length !== 1)
        throw new CheckFailure("expected exactly one of the two to fail with DeadlockDetected", {
          sent,
          expected: "one DeadlockDetected (40P01), one success",
          received: outcomes.map((o) => (o.status === "fulfilled" ? "success" : showError(o.reason))).join("; "),
          hint: "toDatabaseError(): 40P01 → DeadlockDetected, a TransactionRollback.",
        });
      expectField(sent, deadlocks[0] as Error, "sqlstate", "40P01", FIELD_HINT);
    } finally {
      for (const connection of [first, second]) {
        await connection.query("ROLLBACK").catch(() => undefined);
        await connection.close().catch(() => undefined);
      }
    }
  });
});
