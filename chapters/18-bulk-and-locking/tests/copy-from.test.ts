// Stage 18.3: rows loaded with one COPY FROM STDIN. What arrived is read back by the checks' own
// client; how many statements wrote the table, and which, by a statement trigger (COPY fires
// INSERT triggers). A malformed row — one the server refuses, one the model refuses after
// chunks have already gone — must abort the load and leave the table as it was.
import { BulkRowError, CheckViolation, fields, Model, ValidationError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectFailure,
  expectThat,
  run,
  show,
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
CREATE TABLE people (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  nickname text,
  age int NOT NULL CHECK (age >= 0),
  born timestamptz,
  data jsonb
);
${statementLog("people")}`;

class Person extends Model.table("people", {
  id: fields.int({ primaryKey: true, generated: true }),
  fullName: fields.text({ column: "name" }),
  nickname: fields.text({ nullable: true }),
  age: fields.int(),
  born: fields.timestamp({ nullable: true }),
  data: fields.json({ nullable: true }),
}) {}

const ROWS = sized("18.3", { full: 20_000, quick: 5_000 });
/** Names that need every escape of the text format. */
const NAMES = ["tab\there", "new\nline", "back\\slash", "\\N", "", "cr\rhere", "ünïcødé 🐘", "plain"];

function person(i: number) {
  return {
    fullName: `${NAMES[i % NAMES.length]} ${i}`,
    nickname: i % 3 === 0 ? null : `nick\t${i}`,
    age: i % 90,
    born: new Date(Date.UTC(1990, 0, 1) + i * 86_400_000),
    data: i % 5 === 0 ? null : { n: i, s: "a\tb\\c\nd" },
  };
}

async function* people(count: number) {
  for (let i = 0; i < count; i++) yield person(i);
}

await stageWith([postgres], "18.3", (service) => {
  const { db, configure } = useTransactionDatabase(service, "copy-from", SCHEMA);
  const clear = () => witness(db().url, "TRUNCATE people RESTART IDENTITY");

  test(`copies ${ROWS} rows with one COPY statement, every value read back as it was sent`, async () => {
    await clear();
    await configure({ pool: 2 });
    const sent = `Person.copyFrom(an async generator of ${ROWS} rows with tabs, newlines, backslashes, "\\\\N", NULLs and JSON)`;
    const { statements, result: copied } = await statementsDuring(db().url, "people", () =>
      runLong(sent, () => Person.copyFrom(people(ROWS)), BULK_BUDGET_MS),
    );
    expectThat(
      `${sent} — the statements that wrote the table`,
      statements.length === 1 && /^\s*COPY\b/i.test(statements[0] ?? ""),
      "exactly one statement, a COPY",
      brief(statements.slice(0, 5)),
      "All the rows go through one COPY … FROM STDIN, not an INSERT per row or per chunk.",
    );
    expectEqual(
      `${sent} — what it resolved with`,
      ROWS,
      copied,
      "Resolve with the row count of the COPY's command tag.",
    );
    const rows = await witness(
      db().url,
      "SELECT name, nickname, age, (extract(epoch FROM born) * 1000)::bigint::float8 AS born, data FROM people ORDER BY id",
    );
    const bad = rows.findIndex((row, i) => {
      const p = person(i);
      return !(
        row.name === p.fullName &&
        row.nickname === p.nickname &&
        row.age === p.age &&
        row.born === p.born.getTime() &&
        JSON.stringify(row.data) === JSON.stringify(p.data)
      );
    });
    expectThat(
      `${sent}; then SELECT every row back in id order`,
      rows.length === ROWS && bad === -1,
      `${ROWS} rows, each as sent`,
      bad === -1 ? `${rows.length} rows` : `row ${bad + 1}: ${show(rows[bad])}, sent as ${show(person(bad))}`,
      "Escape \\, tab, newline and carriage return in every value (copy-format.ts), and write NULL as \\N.",
    );
  });

  test("a row the server refuses aborts the whole load: a BulkRowError naming its line, and the table untouched", async () => {
    await clear();
    await configure({ pool: 2 });
    await run("Person.copyFrom([3 rows])", () => Person.copyFrom([person(1), person(2), person(3)]));
    const rows = Array.from({ length: 3_000 }, (_, i) => person(i));
    rows[1_499] = { ...person(1_499), age: -1 };
    const sent = "Person.copyFrom([3,000 rows, row 1,500 with age -1, which CHECK (age >= 0) refuses])";
    const error = await expectFailure(
      sent,
      BulkRowError,
      () => Person.copyFrom(rows),
      "The server names the line in the error's context (\"COPY people, line 1500\"): read it from the driver's error (error.cause.where) and throw a BulkRowError for that row.",
    );
    expectEqual(`${sent} — error.row`, 1_500, error.row, "The line the server names, counted from 1 as it counts.");
    expectThat(
      `${sent} — error.cause`,
      error.cause instanceof CheckViolation,
      "the server's CheckViolation (23514)",
      show(error.cause),
      "Keep the server's error as the cause.",
    );
    expectEqual(
      `${sent}; then SELECT count(*) FROM people`,
      3,
      await countRows(db().url, "people"),
      "COPY is one statement: it keeps all its rows or none.",
    );
  });

  test("a row the model refuses aborts the load with CopyFail, after chunks have gone; the session still works", async () => {
    await clear();
    await configure({ pool: 1 });
    const rows: object[] = Array.from({ length: 4_000 }, (_, i) => person(i));
    rows[3_499] = { ...person(3_499), age: "thirty" };
    const sent = 'Person.copyFrom([4,000 rows, row 3,500 with age "thirty"])';
    const error = await expectFailure(
      sent,
      BulkRowError,
      () => Person.copyFrom(rows as never),
      "Check each row as it is encoded (cellsFor(model, values, row)); throwing from the chunks' generator makes copy-in.ts send CopyFail, which aborts the COPY.",
    );
    expectEqual(`${sent} — error.row`, 3_500, error.row, "Count the rows from 1.");
    expectThat(
      `${sent} — error.cause`,
      error.cause instanceof ValidationError,
      "the model's ValidationError (age expects an integer)",
      show(error.cause),
      "Check every value with its field before it is written (field.type.check, or cellsFor): the server must never be the first to see a value the model refuses.",
    );
    expectEqual(
      `${sent}; then SELECT count(*) FROM people`,
      0,
      await countRows(db().url, "people"),
      "Not one row may stay: the rows before 3,500 were already sent, and CopyFail must undo them.",
    );
    const after = await run("then, on the same session (a pool of 1): Person.copyFrom([2 rows])", () =>
      Person.copyFrom([person(1), person(2)]),
    );
    expectEqual(
      "then Person.copyFrom([2 rows])",
      2,
      after,
      "The session must be ready for the next statement after an aborted COPY.",
    );
  });

  test("refuses rows that give different columns, and copies nothing for no rows", async () => {
    await clear();
    await configure({ pool: 2 });
    const rows = [
      { fullName: "a", nickname: "x", age: 1 },
      { fullName: "b", age: 2 },
    ];
    const sent = 'Person.copyFrom([{ fullName: "a", nickname: "x", age: 1 }, { fullName: "b", age: 2 }])';
    const error = await expectFailure(
      sent,
      BulkRowError,
      () => Person.copyFrom(rows),
      "COPY names its columns once, from the first row: a row that gives other columns cannot be written on that line.",
    );
    expectEqual(`${sent} — error.row`, 2, error.row);
    expectEqual(`${sent}; then SELECT count(*) FROM people`, 0, await countRows(db().url, "people"));
    const more = [
      { fullName: "a", age: 1 },
      { fullName: "b", age: 2 },
      { fullName: "c", nickname: "x", age: 3 },
    ];
    const extra =
      'Person.copyFrom([{ fullName: "a", age: 1 }, { fullName: "b", age: 2 }, { fullName: "c", nickname: "x", age: 3 }])';
    const wider = await expectFailure(
      extra,
      BulkRowError,
      () => Person.copyFrom(more),
      "A row that gives a field the first row left out has no place for it on the line: refuse it rather than drop its value.",
    );
    expectEqual(`${extra} — error.row`, 3, wider.row);
    expectEqual(`${extra}; then SELECT count(*) FROM people`, 0, await countRows(db().url, "people"));
    const none = await run("Person.copyFrom([])", () => Person.copyFrom([]));
    expectEqual("Person.copyFrom([])", 0, none, "No rows: nothing to send, 0 copied.");
  });
});
