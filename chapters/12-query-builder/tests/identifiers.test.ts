// Stage 12.1: names are quoted identifiers, values are parameters. Every name the compiler
// writes is between double quotes with its own quotes doubled, qualified names are quoted part
// by part, and every value becomes the next $n, in the order the SQL reads. Then the compiled
// query runs: tables whose names only quoting can reach answer through your execute().
import { IdentifierError, QueryError, quoteIdentifier, quoteQualified, select, table } from "@lab/src/tinyorm/index.ts";
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
  useDatabase,
  withConnection,
} from "./query.ts";

/** [a name, how it must be written]. */
const QUOTED: [string, string][] = [
  ["users", '"users"'],
  ["Order Items", '"Order Items"'],
  ["select", '"select"'],
  ['a"b', '"a""b"'],
  ['"', '""""'],
  ['""', '""""""'],
  ["app.users", '"app.users"'],
  ["héllo wörld", '"héllo wörld"'],
  [`${"é".repeat(31)}a`, `"${"é".repeat(31)}a"`],
  ["x".repeat(63), `"${"x".repeat(63)}"`],
];

/** [what, a name no identifier can be]. */
const REFUSED: [string, string][] = [
  ["the empty name", ""],
  ["a name holding NUL", "users\u0000; DROP TABLE users"],
  ["64 ASCII characters", "x".repeat(64)],
  ["32 é, which are 64 bytes in UTF-8", "é".repeat(32)],
];

/**
 * Tables only a quoted identifier reaches: capitals and a space, keywords as names, a schema,
 * and a table in public whose name has a dot — not the same as table users of schema app.
 */
const AWKWARD = `${CATALOG}
CREATE TABLE "Order Items" ("Quantity" int NOT NULL, "select" text NOT NULL);
INSERT INTO "Order Items" VALUES (3, 'from'), (5, 'where');
CREATE SCHEMA app;
CREATE TABLE app.users (id int, note text);
INSERT INTO app.users VALUES (1, 'in schema app');
CREATE TABLE "app.users" (id int, note text);
INSERT INTO "app.users" VALUES (1, 'in public, named app.users');
`;

interface OrderItem {
  Quantity: number;
  select: string;
}
interface Note {
  id: number;
  note: string;
}

await stageWith([postgres], "12.1", (service) => {
  const db = useDatabase(service, "identifiers", AWKWARD);

  test.each(QUOTED)("quoteIdentifier(%j) is %s", (name, expected) => {
    const received = attempt(`quoteIdentifier(${show(name)})`, () => quoteIdentifier(name));
    if (received !== expected)
      throw new CheckFailure("the identifier is not quoted as PostgreSQL reads it", {
        sent: `quoteIdentifier(${show(name)})`,
        expected,
        received: show(received),
        hint: "Always put the name between double quotes, and write each double quote inside it twice (docs §4.1.1). Never split on a dot.",
      });
  });

  test.each(REFUSED)("quoteIdentifier refuses %s with an IdentifierError", (_what, name) => {
    const error = expectThrows(
      `quoteIdentifier(${show(name)})`,
      IdentifierError,
      () => quoteIdentifier(name),
      "An identifier cannot be empty or hold NUL, and PostgreSQL keeps only 63 bytes of one (count UTF-8 bytes: Buffer.byteLength).",
    );
    if (!(error instanceof QueryError))
      throw new CheckFailure("IdentifierError must extend QueryError", {
        sent: `quoteIdentifier(${show(name)})`,
        expected: "an IdentifierError that is a QueryError",
        received: Object.getPrototypeOf(error)?.constructor?.name ?? "?",
      });
  });

  test("quoteQualified quotes each part: app.users in two parts is not the table named app.users", () => {
    for (const [parts, expected] of [
      [["app", "users"], '"app"."users"'],
      [["app.users"], '"app.users"'],
      [['my"schema', "t"], '"my""schema"."t"'],
    ] as const) {
      const received = attempt(`quoteQualified(${show(parts)})`, () => quoteQualified(parts));
      if (received !== expected)
        throw new CheckFailure("a qualified name is one quoted identifier per part, joined by dots", {
          sent: `quoteQualified(${show(parts)})`,
          expected,
          received: show(received),
        });
    }
  });

  test("a value is a placeholder in the SQL and an entry in params, whatever it holds", () => {
    for (const value of [1, 42]) {
      expectCompiled(`select(users).where(users.id.eq(${value}))`, () => select(users).where(users.id.eq(value)), {
        sql: `${SELECT_USERS} WHERE "users"."id" = $1`,
        params: [value],
      });
    }
    const hostile = "' OR '1'='1";
    expectCompiled(
      `select(users).where(users.username.eq(${show(hostile)}))`,
      () => select(users).where(users.username.eq(hostile)),
      { sql: `${SELECT_USERS} WHERE "users"."username" = $1`, params: [hostile] },
      "The compiler writes $1 and pushes the value onto params: the SQL text is the same for every value.",
    );
  });

  test("placeholders are numbered $1, $2 … in the order the SQL reads, with params in that order", () => {
    expectCompiled(
      'select(users).where(users.username.eq("ada")).where(users.karma.gt(10)).where(users.email.ne("x"))',
      () => select(users).where(users.username.eq("ada")).where(users.karma.gt(10)).where(users.email.ne("x")),
      {
        sql: `${SELECT_USERS} WHERE "users"."username" = $1 AND "users"."karma" > $2 AND "users"."email" <> $3`,
        params: ["ada", 10, "x"],
      },
      "Push the value when you write its placeholder, and write $ + params.length: then $n is always params[n − 1].",
    );
  });

  test('runs the compiled query: a table "Order Items" with columns "Quantity" and "select"', async () => {
    const items = table<OrderItem>("Order Items", ["Quantity", "select"]);
    await withConnection(db().url, async (connection) => {
      const what = 'select(table("Order Items", ["Quantity", "select"])).where(items.Quantity.gt(4))';
      const rows = await rowsOf(
        connection,
        what,
        () => select(items).where(items.Quantity.gt(4)),
        "execute(connection, query) compiles the query and sends connection.query(sql, params).",
      );
      expectRows(what, [{ Quantity: 5, select: "where" }], rows);
    });
  });

  test('["app", "users"] is table users of schema app; "app.users" is the table of that name in public', async () => {
    await withConnection(db().url, async (connection) => {
      for (const [name, note] of [
        [["app", "users"], "in schema app"],
        ["app.users", "in public, named app.users"],
      ] as const) {
        const notes = table<Note>(name, ["id", "note"]);
        const what = `select(table(${show(name)}, ["id", "note"]))`;
        expectRows(what, [{ id: 1, note }], await rowsOf(connection, what, () => select(notes)));
      }
    });
  });
});
