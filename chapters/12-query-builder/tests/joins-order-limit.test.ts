// Stage 12.4: joins, order and pages. A join's ON condition is compiled where it stands, so
// its parameters come before those of WHERE; every column is qualified by its table (or the
// table's alias), so a join never makes a name ambiguous; ORDER BY says where NULLs go when
// asked; and LIMIT and OFFSET are parameters like any other value.
import { aliased, and, QueryError, type SelectQuery, select } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { CATALOG, posts, type User, users } from "./catalog.ts";
import { expectCompiled, expectRows, expectThrows, ids, rowsOf, useDatabase, withConnection } from "./query.ts";

const other = aliased(users, "other");

const JOIN = () =>
  select(posts)
    .columns(posts.title, users.username.as("author"))
    .join(users, posts.author_id.eq(users.id))
    .where(users.karma.gt(60));
const JOIN_WRITTEN =
  'select(posts).columns(posts.title, users.username.as("author")).join(users, posts.author_id.eq(users.id)).where(users.karma.gt(60))';

const LEFT_JOIN = () =>
  select(users)
    .columns(users.id, posts.title)
    .leftJoin(posts, posts.author_id.eq(users.id))
    .where(posts.id.isNull())
    .orderBy(users.id.asc());
const LEFT_JOIN_WRITTEN =
  "select(users).columns(users.id, posts.title).leftJoin(posts, posts.author_id.eq(users.id)).where(posts.id.isNull()).orderBy(users.id.asc())";

const SELF_JOIN = () =>
  select(users)
    .columns(users.username, other.username.as("richer"))
    .join(other, other.karma.gt(users.karma))
    .where(users.id.eq(1));
const SELF_JOIN_WRITTEN =
  'const other = aliased(users, "other"); select(users).columns(users.username, other.username.as("richer")).join(other, other.karma.gt(users.karma)).where(users.id.eq(1))';

await stageWith([postgres], "12.4", (service) => {
  const db = useDatabase(service, "joins_order_limit", CATALOG);

  test("compiles an inner join: qualified columns, an alias, ON before WHERE", () => {
    expectCompiled(JOIN_WRITTEN, JOIN, {
      sql: `SELECT "posts"."title", "users"."username" AS "author" FROM "posts" INNER JOIN "users" ON "posts"."author_id" = "users"."id" WHERE "users"."karma" > $1`,
      params: [60],
    });
  });

  test("a value in ON is numbered before the values of WHERE", () => {
    expectCompiled(
      "select(posts).columns(posts.id).join(users, and(posts.author_id.eq(users.id), users.karma.gt(40))).where(posts.id.lt(10))",
      () =>
        select(posts)
          .columns(posts.id)
          .join(users, and(posts.author_id.eq(users.id), users.karma.gt(40)))
          .where(posts.id.lt(10)),
      {
        sql: `SELECT "posts"."id" FROM "posts" INNER JOIN "users" ON "posts"."author_id" = "users"."id" AND "users"."karma" > $1 WHERE "posts"."id" < $2`,
        params: [40, 10],
      },
      "Write the SQL from left to right and number each value as you write it: the joins come before WHERE.",
    );
  });

  test("compiles a left join, and a table joined to itself under an alias", () => {
    expectCompiled(LEFT_JOIN_WRITTEN, LEFT_JOIN, {
      sql: `SELECT "users"."id", "posts"."title" FROM "users" LEFT JOIN "posts" ON "posts"."author_id" = "users"."id" WHERE "posts"."id" IS NULL ORDER BY "users"."id" ASC`,
      params: [],
    });
    expectCompiled(
      SELF_JOIN_WRITTEN,
      SELF_JOIN,
      {
        sql: `SELECT "users"."username", "other"."username" AS "richer" FROM "users" INNER JOIN "users" AS "other" ON "other"."karma" > "users"."karma" WHERE "users"."id" = $1`,
        params: [1],
      },
      'A table with an alias is written `"users" AS "other"` where it is introduced, and its columns are qualified by the alias.',
    );
  });

  test("compiles ORDER BY with directions and NULLS FIRST or LAST, and LIMIT and OFFSET as parameters", () => {
    expectCompiled(
      'select(users).columns(users.id).orderBy(users.email.desc({ nulls: "last" }), users.id.asc()).limit(2).offset(1)',
      () =>
        select(users)
          .columns(users.id)
          .orderBy(users.email.desc({ nulls: "last" }), users.id.asc())
          .limit(2)
          .offset(1),
      {
        sql: `SELECT "users"."id" FROM "users" ORDER BY "users"."email" DESC NULLS LAST, "users"."id" ASC LIMIT $1 OFFSET $2`,
        params: [2, 1],
      },
      "LIMIT and OFFSET are values: send them as parameters, as any other value.",
    );
    expectCompiled(
      'select(users).columns(users.id).orderBy(users.karma.asc({ nulls: "first" })).limit(10n)',
      () =>
        select(users)
          .columns(users.id)
          .orderBy(users.karma.asc({ nulls: "first" }))
          .limit(10n),
      { sql: `SELECT "users"."id" FROM "users" ORDER BY "users"."karma" ASC NULLS FIRST LIMIT $1`, params: [10n] },
    );
  });

  test("joins return the rows they should: inner, left (rows without a match), and a self-join", async () => {
    await withConnection(db().url, async (connection) => {
      expectRows(JOIN_WRITTEN, [{ title: "COBOL", author: "grace" }], await rowsOf(connection, JOIN_WRITTEN, JOIN));
      expectRows(
        LEFT_JOIN_WRITTEN,
        [
          { id: 2, title: null },
          { id: 4, title: null },
          { id: 5, title: null },
          { id: 6, title: null },
        ],
        await rowsOf(connection, LEFT_JOIN_WRITTEN, LEFT_JOIN),
        "A LEFT JOIN keeps the users with no post, with NULL in the posts' columns; an inner join drops them.",
      );
      expectRows(
        SELF_JOIN_WRITTEN,
        [{ username: "ada", richer: "grace" }],
        await rowsOf(connection, SELF_JOIN_WRITTEN, SELF_JOIN),
      );
    });
  });

  test("rows come back in the order asked, NULLs where asked, one page at a time", async () => {
    const cases: [string, () => SelectQuery<User>, number[]][] = [
      ["select(users).orderBy(users.id.desc())", () => select(users).orderBy(users.id.desc()), [6, 5, 4, 3, 2, 1]],
      [
        "select(users).orderBy(users.karma.desc())",
        () => select(users).orderBy(users.karma.desc()),
        [3, 1, 2, 5, 4, 6],
      ],
      [
        "select(users).orderBy(users.email.asc(), users.id.asc())",
        () => select(users).orderBy(users.email.asc(), users.id.asc()),
        [1, 3, 5, 2, 4, 6],
      ],
      [
        'select(users).orderBy(users.email.asc({ nulls: "first" }), users.id.asc())',
        () => select(users).orderBy(users.email.asc({ nulls: "first" }), users.id.asc()),
        [2, 4, 6, 1, 3, 5],
      ],
      [
        "select(users).orderBy(users.email.desc(), users.id.asc())",
        () => select(users).orderBy(users.email.desc(), users.id.asc()),
        [2, 4, 6, 5, 3, 1],
      ],
      [
        'select(users).orderBy(users.email.desc({ nulls: "last" }), users.id.asc())',
        () => select(users).orderBy(users.email.desc({ nulls: "last" }), users.id.asc()),
        [5, 3, 1, 2, 4, 6],
      ],
      [
        "select(users).orderBy(users.id.asc()).limit(2).offset(1)",
        () => select(users).orderBy(users.id.asc()).limit(2).offset(1),
        [2, 3],
      ],
      [
        "select(users).orderBy(users.id.asc()).offset(4)",
        () => select(users).orderBy(users.id.asc()).offset(4),
        [5, 6],
      ],
      ["select(users).orderBy(users.id.asc()).limit(0)", () => select(users).orderBy(users.id.asc()).limit(0), []],
    ];
    await withConnection(db().url, async (connection) => {
      for (const [what, build, expected] of cases) {
        expectRows(`${what}, the ids`, expected, ids(await rowsOf(connection, what, build)));
      }
    });
  });

  test.each([
    ["limit(-1)", () => select(users).limit(-1)],
    ["limit(1.5)", () => select(users).limit(1.5)],
    ["offset(Number.NaN)", () => select(users).offset(Number.NaN)],
    ["limit(-1n)", () => select(users).limit(-1n)],
    ['limit("10; DROP TABLE users")', () => select(users).limit("10; DROP TABLE users" as never)],
  ])("select(users).%s is refused with a QueryError", (written, build) => {
    expectThrows(
      `select(users).${written}`,
      QueryError,
      build,
      "A LIMIT or OFFSET is a whole number of rows, 0 or more: check it in limit() and offset() before it becomes a parameter.",
    );
  });
});
