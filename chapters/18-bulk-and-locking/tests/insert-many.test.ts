// Stage 18.1: many rows in one INSERT … VALUES (…), (…), cut at the 65,535-parameter limit by
// chapter 12's split(), the statements all in one transaction, the instances handed back in the
// order given. The statements are counted by the server (fixtures/statements.ts).
import { BulkRowError, fields, Model, UniqueViolation } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectFailure,
  expectThat,
  run,
  useTransactionDatabase,
  witness,
} from "../../15-transactions/tests/tx.ts";
import {
  BULK_BUDGET_MS,
  brief,
  countRows,
  runLong,
  STATEMENT_LOG,
  statementLog,
  statementsDuring,
} from "./fixtures/statements.ts";

const SCHEMA = `${STATEMENT_LOG}
CREATE TABLE users (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  karma int NOT NULL DEFAULT 0
);
${statementLog("users")}`;

class User extends Model.table("users", {
  id: fields.int({ primaryKey: true, generated: true }),
  username: fields.text(),
  karma: fields.int({ serverDefault: "0" }),
}) {}

/** Two parameters a row: 32,767 rows fit in one statement, so this many need ROWS / 32,767 statements, rounded up. */
const ROWS = sized("18.1", { full: 70_000, quick: 40_000 });
const PER_STATEMENT = Math.floor(65_535 / 2);
/** Rows of the first check: one statement must carry them all. */
const FEW = 200;

await stageWith([postgres], "18.1", (service) => {
  const { db, configure } = useTransactionDatabase(service, "insert-many", SCHEMA);
  const clear = () => witness(db().url, "TRUNCATE users RESTART IDENTITY");

  // First, few enough rows that one statement per row would show at once: the large case below
  // would take a minute to fail that way, one round trip per row.
  test(`inserts ${FEW} rows in one INSERT statement`, async () => {
    await clear();
    await configure({ pool: 2 });
    const rows = Array.from({ length: FEW }, (_, i) => ({ username: `few ${i}`, karma: i }));
    const sent = `User.insertMany([${FEW} rows of { username, karma }])`;
    const { statements } = await statementsDuring(db().url, "users", () => run(sent, () => User.insertMany(rows)));
    expectThat(
      `${sent} — the INSERT statements the server ran`,
      statements.length === 1 && /^\s*INSERT/i.test(statements[0] ?? ""),
      "1 INSERT statement with all the rows in its VALUES",
      `${statements.length} statement(s):\n     ${brief(statements.slice(0, 5))}`,
      "One INSERT … VALUES (…), (…) for as many rows as fit: build one insertInto().values(allRows), not one insert per row.",
    );
    expectEqual(`${sent}; then SELECT count(*) FROM users`, FEW, await countRows(db().url, "users"));
  });

  test(`inserts ${ROWS} rows of 2 parameters in ${Math.ceil(ROWS / PER_STATEMENT)} INSERT statements, and hands back instances in the order given`, async () => {
    await clear();
    await configure({ pool: 2 });
    const rows = Array.from({ length: ROWS }, (_, i) => ({ username: `user ${(i * 7919) % ROWS}`, karma: i % 100 }));
    const sent = `User.insertMany([${ROWS} rows of { username, karma }])`;
    const { statements, result: users } = await statementsDuring(db().url, "users", () =>
      runLong(sent, () => User.insertMany(rows), BULK_BUDGET_MS),
    );
    const expected = Math.ceil(ROWS / PER_STATEMENT);
    expectThat(
      `${sent} — the INSERT statements the server ran`,
      statements.length === expected && statements.every((s) => /^\s*INSERT/i.test(s)),
      `${expected} INSERT statements: ${ROWS * 2} parameters, at most 65,535 in each`,
      `${statements.length} statement(s):\n     ${brief(statements.slice(0, 5))}`,
      "One INSERT … VALUES (…), (…) for as many rows as fit: build one insertInto().values(allRows) and let chapter 12's execute() split it.",
    );
    expectEqual(`${sent} — how many instances`, ROWS, users.length);
    const stored = new Map(
      (await witness(db().url, "SELECT id, username FROM users")).map((r) => [String(r.username), Number(r.id)]),
    );
    const wrong = users.findIndex(
      (user, i) =>
        !(user instanceof User) || user.username !== rows[i]?.username || user.id !== stored.get(user.username),
    );
    expectThat(
      `${sent} — instance i is row i, with the id the server gave it`,
      wrong === -1,
      "every instance a User, in the order of the rows given, with its row's id",
      wrong === -1
        ? "all as expected"
        : `instance ${wrong}: ${JSON.stringify({ id: users[wrong]?.id, username: users[wrong]?.username })}, where row ${wrong} is ${JSON.stringify(rows[wrong])} (id ${stored.get(rows[wrong]?.username ?? "")} in the table)`,
      "RETURNING gives the rows in the order of the VALUES; the statements run one after the other. Make instance i from returned row i.",
    );
    expectEqual(
      `${sent} — karma of row 123, as the server holds it`,
      123 % 100,
      (await witness(db().url, "SELECT karma FROM users WHERE username = $1", [rows[123]?.username]))[0]?.karma,
    );
  });

  test("a failure in the last statement leaves none of the rows: the statements are one transaction", async () => {
    await clear();
    await configure({ pool: 2 });
    const rows = Array.from({ length: PER_STATEMENT + 10 }, (_, i) => ({ username: `row ${i}`, karma: 1 }));
    rows.push({ username: "row 0", karma: 1 });
    const sent = `User.insertMany([${rows.length} rows, the last with the username of the first])`;
    await expectFailure(
      sent,
      UniqueViolation,
      () => User.insertMany(rows),
      "The duplicate is in the second statement; the unique violation must come out as it is.",
    );
    expectEqual(
      `${sent}; then SELECT count(*) FROM users`,
      0,
      await countRows(db().url, "users"),
      "The first statement's rows were committed: run the statements split() makes inside DB.transaction(), so they commit together or not at all.",
    );
  });

  test("a row that does not fit the model is refused before anything is sent, with a BulkRowError naming it", async () => {
    await clear();
    await configure({ pool: 2 });
    const rows: { username: unknown }[] = Array.from({ length: 10 }, (_, i) => ({ username: `u${i}` }));
    rows[4] = { username: 42 };
    const sent = "User.insertMany([10 rows, row 5 { username: 42 }])";
    const { statements, result: error } = await statementsDuring(db().url, "users", () =>
      expectFailure(
        sent,
        BulkRowError,
        () => User.insertMany(rows as never),
        "Check every row with cellsFor(model, values, index + 1) before building the INSERT: its error names the row.",
      ),
    );
    expectEqual(
      `${sent} — error.row (counted from 1)`,
      5,
      error.row,
      "Rows are counted from 1, as a person reads a list (and as COPY counts lines).",
    );
    expectEqual(`${sent} — INSERT statements run`, [], statements, "Nothing is sent when a row is refused.");
    const none = await run("User.insertMany([])", () => User.insertMany([]));
    expectEqual("User.insertMany([])", [], none, "No rows: no statement, and an empty list back.");
  });
});
