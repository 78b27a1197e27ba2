// Stage 12.7: the parameter limit. A Bind message counts its parameters in 16 bits, so one
// statement carries at most 65,535 (protocol §55.7). A large INSERT is split into statements of
// whole rows, each as full as the limit allows; any other statement past the limit is refused
// before it is sent. Row values are generated from their index, so every expected count and
// sum is known apart from your code.
import {
  compile,
  execute,
  insertInto,
  MAX_PARAMETERS,
  ParameterLimitError,
  select,
  split,
  table,
} from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { budgetMs } from "../../../shared/check/budget.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { within } from "../../11-pg-basics/tests/sql.ts";
import {
  attempt,
  expectRejects,
  expectRows,
  expectThrows,
  rowsOf,
  show,
  sortedIds,
  useDatabase,
  withConnection,
  withWitness,
} from "./query.ts";

interface Bulk {
  id: number;
  label: string;
  n: number;
}
interface Mark {
  id: number;
}

const SCHEMA = `
CREATE TABLE bulk (id int PRIMARY KEY, label text NOT NULL DEFAULT 'none', n int NOT NULL DEFAULT 0);
CREATE TABLE marks (id int PRIMARY KEY);
INSERT INTO marks VALUES (1), (65535), (65536), (70000);
`;

const bulk = table<Bulk>("bulk", ["id", "label", "n"]);
const marks = table<Mark>("marks", ["id"]);

/** More rows than one statement can carry at 3 parameters a row (65,535 / 3 = 21,845), even in a quick run. */
const ROWS = sized("12.7", { full: 40_000, quick: 22_000 });

const LIMIT_HINT =
  "Cut the rows greedily: add a row while the statement's parameters plus the row's stay ≤ 65,535, then start the next statement.";

function rowsOfThree(count: number): Bulk[] {
  return Array.from({ length: count }, (_, i) => ({ id: i, label: `row ${i}`, n: i % 7 }));
}

/** Every parameter of `statements`, in order, and fails unless each statement stays within the limit. */
function checkedParams(what: string, statements: readonly object[]): unknown[] {
  const all: unknown[] = [];
  statements.forEach((statement, index) => {
    const { params } = attempt(`compile(split(query)[${index}])`, () => compile(statement as never));
    if (params.length > 65_535)
      throw new CheckFailure("a statement of the split has more parameters than the protocol allows", {
        sent: what,
        expected: "every statement with at most 65,535 parameters",
        received: `statement ${index + 1} of ${statements.length} has ${params.length}`,
        hint: LIMIT_HINT,
      });
    for (const param of params) all.push(param);
  });
  return all;
}

function expectSame(what: string, expected: unknown, received: unknown, hint?: string): void {
  expectRows(what, expected, received, hint);
}

await stageWith([postgres], "12.7", (service) => {
  const db = useDatabase(service, "parameter_limit", SCHEMA);

  test("MAX_PARAMETERS is 65,535: the 16 bits of Bind's parameter count", () => {
    expectSame("MAX_PARAMETERS", 65_535, MAX_PARAMETERS);
  });

  test("21,845 rows × 3 columns is exactly 65,535 parameters: one statement", () => {
    const query = attempt("insertInto(bulk).values(21,845 rows of 3)", () =>
      insertInto(bulk).values(rowsOfThree(21_845)),
    );
    const statements = attempt("split(query)", () => split(query));
    expectSame(
      "split(insertInto(bulk).values(21,845 rows of 3)).length",
      1,
      statements.length,
      "65,535 parameters is within the limit: only a 65,536th needs a second statement.",
    );
    expectSame("compile(query).params.length", 65_535, attempt("compile(query)", () => compile(query)).params.length);
  });

  test("21,846 rows: compile() refuses the whole, split() gives 21,845 rows then 1, in order", () => {
    const rows = rowsOfThree(21_846);
    const query = attempt("insertInto(bulk).values(21,846 rows of 3)", () => insertInto(bulk).values(rows));
    const error = expectThrows(
      "compile(insertInto(bulk).values(21,846 rows of 3))",
      ParameterLimitError,
      () => compile(query),
      "compile() counts the parameters it wrote and throws ParameterLimitError past MAX_PARAMETERS: the driver would send the count modulo 65,536.",
    );
    expectSame("error.parameters", 65_538, error.parameters);
    expectSame("error.limit", 65_535, error.limit);
    const statements = attempt("split(query)", () => split(query));
    expectSame("split(query).length", 2, statements.length, LIMIT_HINT);
    const params = checkedParams("split(21,846 rows of 3)", statements);
    expectSame(
      "every parameter of the split statements, in order",
      rows.flatMap((row) => [row.id, row.label, row.n]),
      params,
      "The statements together must carry every row once, in the order given.",
    );
  });

  test("rows that leave columns to DEFAULT count only the values they send", () => {
    // Even rows send 2 values, odd rows 3: 75,000 parameters for 30,000 rows.
    const rows = Array.from({ length: 30_000 }, (_, i) =>
      i % 2 === 0 ? { id: i, label: `r${i}` } : { id: i, label: `r${i}`, n: i },
    );
    const what = "split(insertInto(bulk).values(30,000 rows sending 2 or 3 values each))";
    const statements = attempt(what, () => split(insertInto(bulk).values(rows)));
    const params = checkedParams(what, statements);
    expectSame(`${what}: all the values`, 75_000, params.length);
    const first = attempt("compile(statements[0])", () => compile(statements[0] as never)).params.length;
    if (first < MAX_PARAMETERS - 2)
      throw new CheckFailure("the first statement is not as full as the limit allows", {
        sent: what,
        expected: "at least 65,533 parameters in the first statement (no room left for another row)",
        received: `${first} parameters`,
        hint: "Count the value cells of each row: a DEFAULT sends no parameter, so rows × columns is too many.",
      });
  });

  test(`${ROWS.toLocaleString("en")} rows × 3 columns run through execute(): every row inserted, ids returned`, async () => {
    const rows = rowsOfThree(ROWS);
    const what = `execute(connection, insertInto(bulk).values(${ROWS} rows of 3).returning(bulk.id))`;
    const query = attempt(what, () => insertInto(bulk).values(rows).returning(bulk.id));
    const statements = attempt("split(query)", () => split(query));
    checkedParams(what, statements);
    const budget = budgetMs(ROWS, { perUnitMs: 0.5, floorMs: 15_000 });
    await withConnection(db().url, async (connection) => {
      const result = await within(what, execute(connection, query), budget).catch((error: unknown) => {
        if (error instanceof CheckFailure || (error instanceof Error && /TODO\(\d\d\)/.test(error.message)))
          throw error;
        throw new CheckFailure("the insert failed", {
          sent: what,
          expected: `${ROWS} rows inserted`,
          received: error instanceof Error ? `${error.name}: ${error.message}` : show(error),
          hint: "execute() runs each statement of split(query) in turn and adds up their rows and counts.",
        });
      });
      expectSame(`${what}: rowCount`, ROWS, result.rowCount, "Add up the rowCount of every statement.");
      expectSame(
        `${what}: the ids returned`,
        rows.map((row) => row.id),
        sortedIds(result.rows),
      );
    });
    const stored = await withWitness(db().url, async (client) => {
      const { rows: sums } = await client.query(
        "SELECT count(*)::int AS count, sum(n)::int AS sum, count(DISTINCT label)::int AS labels FROM bulk",
      );
      return sums[0];
    });
    expectSame(
      `${what}; then SELECT count(*), sum(n), count(DISTINCT label) FROM bulk, by the checks' own client`,
      { count: ROWS, sum: rows.reduce((total, row) => total + row.n, 0), labels: ROWS },
      stored,
    );
  });

  test("an IN list of 65,535 values runs; one of 70,000 is refused with ParameterLimitError before it is sent", async () => {
    const fits = Array.from({ length: 65_535 }, (_, i) => i + 1);
    const tooMany = Array.from({ length: 70_000 }, (_, i) => i + 1);
    await withConnection(db().url, async (connection) => {
      const what = "select(marks).where(marks.id.in([1 … 65535]))";
      expectSame(
        `${what}, the ids`,
        [1, 65535],
        sortedIds(await rowsOf(connection, what, () => select(marks).where(marks.id.in(fits)))),
      );
      const refused = "execute(connection, select(marks).where(marks.id.in([1 … 70000])))";
      const error = await expectRejects(
        refused,
        ParameterLimitError,
        async () => execute(connection, select(marks).where(marks.id.in(tooMany))),
        "Only an INSERT can be split; compile() must refuse any statement past MAX_PARAMETERS with ParameterLimitError, or the driver sends 70,000 mod 65,536 as the count.",
      );
      expectSame(`${refused}: error.parameters`, 70_000, error.parameters);
    });
  });
});
