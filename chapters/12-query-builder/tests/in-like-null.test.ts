// Stage 12.3: where SQL has edges. IN () is a syntax error, so an empty list must compile to
// what it means: FALSE (NOT IN: TRUE). LIKE reads % and _ as wildcards and \ as its escape, so
// startsWith() must escape them to mean a literal prefix. And `= NULL` is never true, so a
// comparison with NULL is refused in favour of isNull().
import { type ConditionNode, escapeLike, or, QueryError, select } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { CATALOG, SELECT_USERS, users } from "./catalog.ts";
import {
  attempt,
  expectCompiled,
  expectRows,
  expectThrows,
  rowsOf,
  show,
  sortedIds,
  useDatabase,
  withConnection,
} from "./query.ts";

const EMPTY_IN_HINT =
  "IN () is not SQL. An empty list contains nothing: compile IN with no values to FALSE and NOT IN to TRUE.";
const LIKE_HINT =
  'startsWith(prefix) sends escapeLike(prefix) + "%": a backslash before each \\, % and _ of the prefix (docs §9.7.1), so they match themselves.';

/** [the condition as written, how to build it, the WHERE clause, its params, the ids it keeps, a hint]. */
const CASES: [string, () => ConditionNode, string, unknown[], number[], string?][] = [
  ["users.id.in([1, 3])", () => users.id.in([1, 3]), `"users"."id" IN ($1, $2)`, [1, 3], [1, 3]],
  [
    'users.username.in(["grace", "ada", "nobody"])',
    () => users.username.in(["grace", "ada", "nobody"]),
    `"users"."username" IN ($1, $2, $3)`,
    ["grace", "ada", "nobody"],
    [1, 3],
  ],
  ["users.id.in([])", () => users.id.in([]), "FALSE", [], [], EMPTY_IN_HINT],
  ["users.id.notIn([1, 2])", () => users.id.notIn([1, 2]), `"users"."id" NOT IN ($1, $2)`, [1, 2], [3, 4, 5, 6]],
  ["users.id.notIn([])", () => users.id.notIn([]), "TRUE", [], [1, 2, 3, 4, 5, 6], EMPTY_IN_HINT],
  [
    "or(users.id.in([]), users.id.eq(2))",
    () => or(users.id.in([]), users.id.eq(2)),
    `FALSE OR "users"."id" = $1`,
    [2],
    [2],
    EMPTY_IN_HINT,
  ],
  [
    'users.username.like("a_%")',
    () => users.username.like("a_%"),
    `"users"."username" LIKE $1`,
    ["a_%"],
    [1, 2, 4, 5],
    "like() takes a pattern as written: its % and _ stay wildcards.",
  ],
  [
    'users.username.startsWith("a")',
    () => users.username.startsWith("a"),
    `"users"."username" LIKE $1`,
    ["a%"],
    [1, 2, 4, 5],
    LIKE_HINT,
  ],
  [
    'users.username.startsWith("a_")',
    () => users.username.startsWith("a_"),
    `"users"."username" LIKE $1`,
    ["a\\_%"],
    [4],
    LIKE_HINT,
  ],
  [
    'users.username.startsWith("a%")',
    () => users.username.startsWith("a%"),
    `"users"."username" LIKE $1`,
    ["a\\%%"],
    [5],
    LIKE_HINT,
  ],
  [
    'users.username.startsWith("x\\\\")',
    () => users.username.startsWith("x\\"),
    `"users"."username" LIKE $1`,
    ["x\\\\%"],
    [6],
    LIKE_HINT,
  ],
  [
    'users.username.startsWith("")',
    () => users.username.startsWith(""),
    `"users"."username" LIKE $1`,
    ["%"],
    [1, 2, 3, 4, 5, 6],
  ],
  ["users.email.isNull()", () => users.email.isNull(), `"users"."email" IS NULL`, [], [2, 4, 6]],
  ["users.email.isNotNull()", () => users.email.isNotNull(), `"users"."email" IS NOT NULL`, [], [1, 3, 5]],
];

/** [text, the LIKE pattern that matches only that text]. */
const ESCAPED: [string, string][] = [
  ["plain", "plain"],
  ["100%", "100\\%"],
  ["snake_case", "snake\\_case"],
  ["C:\\dir", "C:\\\\dir"],
  ["\\%_", "\\\\\\%\\_"],
  ["%%__", "\\%\\%\\_\\_"],
];

/** [a comparison with NULL, written as a learner might]. */
const NULL_COMPARISONS: [string, () => unknown][] = [
  ["users.email.eq(null)", () => users.email.eq(null)],
  ["users.email.ne(null)", () => users.email.ne(null)],
  ["users.karma.gt(undefined)", () => users.karma.gt(undefined as never)],
  ['users.email.in(["ada@example.org", null])', () => users.email.in(["ada@example.org", null])],
  ["users.email.notIn([null])", () => users.email.notIn([null])],
];

await stageWith([postgres], "12.3", (service) => {
  const db = useDatabase(service, "in_like_null", CATALOG);

  test.each(CASES)("compiles select(users).where(%s)", (written, build, where, params, _ids, hint) => {
    expectCompiled(
      `select(users).where(${written})`,
      () => select(users).where(build()),
      { sql: `${SELECT_USERS} WHERE ${where}`, params },
      hint,
    );
  });

  test(`each of the ${CASES.length} conditions keeps exactly the users it should (names hold _, % and \\)`, async () => {
    await withConnection(db().url, async (connection) => {
      for (const [written, build, , , expected, hint] of CASES) {
        const what = `select(users).where(${written})`;
        const rows = await rowsOf(connection, what, () => select(users).where(build()), hint);
        expectRows(`${what}, the ids in order`, expected, sortedIds(rows), hint);
      }
    });
  });

  test.each(ESCAPED)("escapeLike(%j) is %j", (text, expected) => {
    const received = attempt(`escapeLike(${show(text)})`, () => escapeLike(text));
    if (received !== expected)
      throw new CheckFailure("the text is not escaped to match only itself", {
        sent: `escapeLike(${show(text)})`,
        expected: show(expected),
        received: show(received),
        hint: LIKE_HINT,
      });
  });

  test.each(NULL_COMPARISONS)("%s is refused with a QueryError: = NULL is never true", (written, build) => {
    expectThrows(
      written,
      QueryError,
      build,
      "NULL = NULL is NULL, not true, and x NOT IN (…, NULL) is never true: refuse NULL and undefined in comparisons and lists, and point to isNull().",
    );
  });
});
