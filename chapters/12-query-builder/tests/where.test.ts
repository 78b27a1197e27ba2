// Stage 12.2: the WHERE algebra. Six comparisons, AND, OR and NOT, compiled to SQL a reader can
// check by eye, with parentheses where precedence would otherwise change the meaning; then run
// against the catalog, where each condition must keep exactly the rows written beside it.
import { and, type ConditionNode, not, or, select } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { CATALOG, SELECT_USERS, users } from "./catalog.ts";
import { expectCompiled, expectRows, rowsOf, sortedIds, useDatabase, withConnection } from "./query.ts";

/** [the condition as written, how to build it, the WHERE clause, its params, the ids of the users it keeps]. */
const CASES: [string, () => ConditionNode, string, unknown[], number[]][] = [
  ["users.id.eq(3)", () => users.id.eq(3), `"users"."id" = $1`, [3], [3]],
  ["users.id.ne(3)", () => users.id.ne(3), `"users"."id" <> $1`, [3], [1, 2, 4, 5, 6]],
  ["users.karma.lt(20)", () => users.karma.lt(20), `"users"."karma" < $1`, [20], [4, 6]],
  ["users.karma.lte(20)", () => users.karma.lte(20), `"users"."karma" <= $1`, [20], [4, 5, 6]],
  ["users.karma.gt(30)", () => users.karma.gt(30), `"users"."karma" > $1`, [30], [1, 3]],
  ["users.karma.gte(30)", () => users.karma.gte(30), `"users"."karma" >= $1`, [30], [1, 2, 3]],
  ["users.karma.gt(users.id)", () => users.karma.gt(users.id), `"users"."karma" > "users"."id"`, [], [1, 2, 3, 4, 5]],
  [
    'and(users.karma.gt(10), users.username.ne("ada"))',
    () => and(users.karma.gt(10), users.username.ne("ada")),
    `"users"."karma" > $1 AND "users"."username" <> $2`,
    [10, "ada"],
    [2, 3, 5],
  ],
  [
    "or(users.id.eq(1), users.karma.eq(0))",
    () => or(users.id.eq(1), users.karma.eq(0)),
    `"users"."id" = $1 OR "users"."karma" = $2`,
    [1, 0],
    [1, 6],
  ],
  ["not(users.karma.gt(20))", () => not(users.karma.gt(20)), `NOT ("users"."karma" > $1)`, [20], [4, 5, 6]],
  [
    "and(or(users.id.eq(3), users.id.eq(2)), users.karma.lt(40))",
    () => and(or(users.id.eq(3), users.id.eq(2)), users.karma.lt(40)),
    `("users"."id" = $1 OR "users"."id" = $2) AND "users"."karma" < $3`,
    [3, 2, 40],
    [2],
  ],
  [
    "or(and(users.id.gt(4), users.karma.gt(5)), users.id.eq(1))",
    () => or(and(users.id.gt(4), users.karma.gt(5)), users.id.eq(1)),
    `("users"."id" > $1 AND "users"."karma" > $2) OR "users"."id" = $3`,
    [4, 5, 1],
    [1, 5],
  ],
  [
    "not(or(users.karma.lt(20), users.karma.gt(50)))",
    () => not(or(users.karma.lt(20), users.karma.gt(50))),
    `NOT ("users"."karma" < $1 OR "users"."karma" > $2)`,
    [20, 50],
    [1, 2, 5],
  ],
  ["and(users.id.eq(2))", () => and(users.id.eq(2)), `"users"."id" = $1`, [2], [2]],
  ["and()", () => and(), "TRUE", [], [1, 2, 3, 4, 5, 6]],
  ["or()", () => or(), "FALSE", [], []],
  ["not(and())", () => not(and()), "NOT (TRUE)", [], []],
];

const PRECEDENCE_HINT =
  "AND binds tighter than OR: an OR inside an AND (or an AND inside an OR) goes in parentheses, or `a OR b AND c` means a OR (b AND c).";

await stageWith([postgres], "12.2", (service) => {
  const db = useDatabase(service, "where", CATALOG);

  test.each(CASES)("compiles select(users).where(%s)", (written, build, where, params) => {
    expectCompiled(
      `select(users).where(${written})`,
      () => select(users).where(build()),
      { sql: `${SELECT_USERS} WHERE ${where}`, params },
      where.startsWith("(") ? PRECEDENCE_HINT : undefined,
    );
  });

  test("where() twice is one flat AND of both conditions", () => {
    expectCompiled(
      "select(users).where(users.karma.gt(10)).where(or(users.id.eq(2), users.id.eq(3)))",
      () =>
        select(users)
          .where(users.karma.gt(10))
          .where(or(users.id.eq(2), users.id.eq(3))),
      {
        sql: `${SELECT_USERS} WHERE "users"."karma" > $1 AND ("users"."id" = $2 OR "users"."id" = $3)`,
        params: [10, 2, 3],
      },
      "A second where() ANDs its condition with the first: and(first, second), flattened when the first is already an AND.",
    );
  });

  test(`each of the ${CASES.length} conditions keeps exactly the users it should`, async () => {
    await withConnection(db().url, async (connection) => {
      for (const [written, build, , , expected] of CASES) {
        const what = `select(users).where(${written})`;
        const rows = await rowsOf(connection, what, () => select(users).where(build()));
        expectRows(`${what}, the ids in order`, expected, sortedIds(rows), PRECEDENCE_HINT);
      }
    });
  });

  test("two where() calls keep the rows both conditions hold for", async () => {
    await withConnection(db().url, async (connection) => {
      const what = 'select(users).where(users.karma.gte(20)).where(users.email.ne("ada@example.org"))';
      const rows = await rowsOf(connection, what, () =>
        select(users).where(users.karma.gte(20)).where(users.email.ne("ada@example.org")),
      );
      expectRows(`${what}, the ids in order`, [3, 5], sortedIds(rows));
    });
  });
});
