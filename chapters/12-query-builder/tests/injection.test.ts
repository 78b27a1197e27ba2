// Stage 12.8: hostile input through the builder. Values, wherever they go (WHERE, IN, LIKE,
// INSERT, SET), are parameters and land as data. Names are quoted identifiers: a table or column
// with a hostile name is reached and holds data, one that names nothing is the server's clear
// error. Keywords (a direction, NULLS, an operator, a join) come from closed tables, so a node
// carrying anything else is refused. And the keys of a request body are not column names. The
// checks' own client confirms afterwards that every table is as it was.
import {
  and,
  compile,
  deleteFrom,
  escapeLike,
  execute,
  IdentifierError,
  insertInto,
  QueryError,
  type SelectNode,
  type SelectQuery,
  select,
  table,
  UndefinedColumn,
  UndefinedTable,
  update,
} from "@lab/src/tinyorm/index.ts";
import pg from "pg";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
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

const SECRET = "s3cr3t-token";
/** A real table and real columns with hostile names, created by the checks' own client. */
const HOSTILE_TABLE = 'ledger"; DROP TABLE secrets; --';
const HOSTILE_NAME = 'name" FROM secrets; --';
const HOSTILE_AMOUNT = "amount') VALUES (0); DELETE FROM accounts; --";

const SCHEMA = `
CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, balance int NOT NULL DEFAULT 0);
INSERT INTO accounts (name, balance) VALUES ('alice', 100), ('bob', 50), ('carol', 75);
CREATE TABLE secrets (token text NOT NULL);
INSERT INTO secrets VALUES ('${SECRET}');
CREATE TABLE ${pg.escapeIdentifier(HOSTILE_TABLE)} (
  id int PRIMARY KEY,
  ${pg.escapeIdentifier(HOSTILE_NAME)} text NOT NULL,
  ${pg.escapeIdentifier(HOSTILE_AMOUNT)} int NOT NULL
);
`;

interface Account {
  id: number;
  name: string;
  balance: number;
}
const accounts = table<Account>("accounts", ["id", "name", "balance"]);
const ORIGINAL = [
  { id: 1, name: "alice", balance: 100 },
  { id: 2, name: "bob", balance: 50 },
  { id: 3, name: "carol", balance: 75 },
];

/** Inputs written to break out of a string constant or an identifier, or to look like SQL. */
const HOSTILE: [string, string][] = [
  ["a tautology", "' OR '1'='1"],
  ["a stacked DROP", "'; DROP TABLE accounts; --"],
  ["a double quote and a DELETE", '"; DELETE FROM accounts; --'],
  ["a UNION that reads another table", "x' UNION SELECT token FROM secrets --"],
  ["placeholders", "$1 $2::text $$ $tag$"],
  ["backslashes and quotes", "\\\\ \\' \\\" '' \"\""],
  ["LIKE's own characters", "100% _sure_ \\%"],
  ["comments", "/* open comment -- and a line comment"],
  ["look-alike quotes", "ʼ OR 1=1 -- ＇ OR ＇1＇=＇1 ’"],
  ["line breaks", "\r\n'; SELECT pg_sleep(10); --\u2028"],
];

/** Fails unless accounts holds exactly `expected` rows (the first three untouched), secrets its token, and the hostile table stands. */
async function tablesAsBefore(url: string, sent: string, expected = ORIGINAL): Promise<void> {
  await withWitness(url, async (client) => {
    const { rows: names } = await client.query<{
      accounts: string | null;
      secrets: string | null;
      ledger: string | null;
    }>(
      "SELECT to_regclass('accounts')::text AS accounts, to_regclass('secrets')::text AS secrets, to_regclass($1)::text AS ledger",
      [pg.escapeIdentifier(HOSTILE_TABLE)],
    );
    if (!names[0]?.accounts || !names[0].secrets || !names[0].ledger)
      throw new CheckFailure("a table is gone", {
        sent,
        expected: "accounts, secrets and the hostile table still there",
        received: show(names[0]),
      });
    const { rows } = await client.query("SELECT id, name, balance FROM accounts ORDER BY id");
    expectRows(`${sent}; then SELECT * FROM accounts, by the checks' own client`, expected, rows);
    const { rows: secrets } = await client.query("SELECT token FROM secrets");
    expectRows(`${sent}; then SELECT token FROM secrets`, [{ token: SECRET }], secrets);
  });
}

await stageWith([postgres], "12.8", (service) => {
  const db = useDatabase(service, "injection", SCHEMA);

  test(`${HOSTILE.length} hostile values in WHERE, IN, LIKE, INSERT and SET land as data, and match only themselves`, async () => {
    await withConnection(db().url, async (connection) => {
      for (const [what, input] of HOSTILE) {
        const hint = `${what}: a value is always a parameter, wherever it goes in the statement.`;
        const [row] = await rowsOf(
          connection,
          `insertInto(accounts).values({ name: ${show(input)} }).returning(accounts.id)`,
          () => insertInto(accounts).values({ name: input }).returning(accounts.id),
          hint,
        );
        const id = row?.id ?? -1;
        const finds: [string, () => SelectQuery<Account>][] = [
          [`where(accounts.name.eq(${show(input)}))`, () => select(accounts).where(accounts.name.eq(input))],
          [
            `where(accounts.name.in([${show(input)}, "nobody"]))`,
            () => select(accounts).where(accounts.name.in([input, "nobody"])),
          ],
          [
            `where(accounts.name.like(escapeLike(${show(input)})))`,
            () => select(accounts).where(accounts.name.like(escapeLike(input))),
          ],
          [
            `where(accounts.name.startsWith(${show(input)}))`,
            () => select(accounts).where(accounts.name.startsWith(input)),
          ],
        ];
        for (const [where, build] of finds) {
          const found = await rowsOf(connection, `select(accounts).${where}`, build, hint);
          expectRows(`select(accounts).${where}, the ids`, [id], sortedIds(found), hint);
        }
        const renamed = `${input}!`;
        const [changed] = await rowsOf(
          connection,
          `update(accounts).set({ name: ${show(renamed)} }).where(accounts.id.eq(${id})).returning()`,
          () => update(accounts).set({ name: renamed }).where(accounts.id.eq(id)).returning(),
          hint,
        );
        expectRows(`${what}, renamed and read back`, { id, name: renamed, balance: 0 }, changed, hint);
        const removed = await rowsOf(
          connection,
          `deleteFrom(accounts).where(accounts.name.eq(${show(renamed)})).returning(accounts.id)`,
          () => deleteFrom(accounts).where(accounts.name.eq(renamed)).returning(accounts.id),
          hint,
        );
        expectRows(`${what}, deleted by its name`, [{ id }], removed, hint);
      }
    });
    await tablesAsBefore(db().url, `${HOSTILE.length} hostile values inserted, found, updated and deleted`);
  });

  test("a table and columns with hostile names are reached by quoting, and hold data as data", async () => {
    interface Ledger {
      id: number;
      [HOSTILE_NAME]: string;
      [HOSTILE_AMOUNT]: number;
    }
    const ledger = table<Ledger>(HOSTILE_TABLE, ["id", HOSTILE_NAME, HOSTILE_AMOUNT]);
    const name = ledger[HOSTILE_NAME];
    const amount = ledger[HOSTILE_AMOUNT];
    await withConnection(db().url, async (connection) => {
      const hint =
        "Quote every name, doubling its quotes: then any text is one identifier, and this table is just a table.";
      await rowsOf(
        connection,
        `insertInto(table(${show(HOSTILE_TABLE)}, …)).values(two rows)`,
        () =>
          insertInto(ledger).values([
            { id: 1, [HOSTILE_NAME]: "'; DROP TABLE accounts; --", [HOSTILE_AMOUNT]: 5 },
            { id: 2, [HOSTILE_NAME]: "plain", [HOSTILE_AMOUNT]: 7 },
          ]),
        hint,
      );
      await rowsOf(
        connection,
        "update(ledger).set({ amount: 8 }).where(ledger.id.eq(2))",
        () =>
          update(ledger)
            .set({ [HOSTILE_AMOUNT]: 8 })
            .where(ledger.id.eq(2)),
        hint,
      );
      const rows = await rowsOf(
        connection,
        'select(ledger).columns(ledger.id, name, amount.as("amount")).where(amount.gt(1)).orderBy(ledger.id.asc())',
        () => select(ledger).columns(ledger.id, name, amount.as("amount")).where(amount.gt(1)).orderBy(ledger.id.asc()),
        hint,
      );
      expectRows(
        "the rows of the hostile table, read through your builder",
        [
          { id: 1, [HOSTILE_NAME]: "'; DROP TABLE accounts; --", amount: 5 },
          { id: 2, [HOSTILE_NAME]: "plain", amount: 8 },
        ],
        rows,
        hint,
      );
      await rowsOf(
        connection,
        'deleteFrom(ledger).where(name.eq("plain"))',
        () => deleteFrom(ledger).where(name.eq("plain")),
        hint,
      );
    });
    const stored = await withWitness(db().url, async (client) => {
      const { rows } = await client.query(
        `SELECT id, ${pg.escapeIdentifier(HOSTILE_NAME)} AS name, ${pg.escapeIdentifier(HOSTILE_AMOUNT)} AS amount FROM ${pg.escapeIdentifier(HOSTILE_TABLE)}`,
      );
      return rows;
    });
    expectRows(
      "the hostile table, read by the checks' own client",
      [{ id: 1, name: "'; DROP TABLE accounts; --", amount: 5 }],
      stored,
    );
    await tablesAsBefore(db().url, "inserts, an update and a delete on the hostile table");
  });

  test("a hostile name that names nothing is the server's error (42P01, 42703), and nothing changes", async () => {
    const ghost = table<Account>('secrets"; DROP TABLE accounts; --', ["id", "name", "balance"]);
    const sly = table<{ id: number; 'id" OR TRUE; --': number }>("accounts", ["id", 'id" OR TRUE; --']);
    await withConnection(db().url, async (connection) => {
      await expectRejects(
        `execute(connection, select(table(${show('secrets"; DROP TABLE accounts; --')}, …)))`,
        UndefinedTable,
        async () => execute(connection, select(ghost)),
        "Quoted, the whole text is one table name, which does not exist: 42P01, and no DROP.",
      );
      await expectRejects(
        `execute(connection, deleteFrom(accounts).where(column ${show('id" OR TRUE; --')} .eq(1)))`,
        UndefinedColumn,
        async () => execute(connection, deleteFrom(sly).where(sly['id" OR TRUE; --'].eq(1))),
        "Quoted, the whole text is one column name, which does not exist: 42703, and no row is deleted.",
      );
    });
    await tablesAsBefore(db().url, "a SELECT from a hostile table name, a DELETE on a hostile column name");
  });

  test("an alias from input (Django CVE-2022-28346) is one quoted name: the row key is the text itself", async () => {
    const alias = 'x" FROM secrets; --';
    await withConnection(db().url, async (connection) => {
      const what = `select(accounts).columns(accounts.name.as(${show(alias)})).where(accounts.id.eq(1))`;
      const rows = await rowsOf(
        connection,
        what,
        () => select(accounts).columns(accounts.name.as(alias)).where(accounts.id.eq(1)),
        "An alias is an identifier like any other: quoteIdentifier() it.",
      );
      expectRows(what, [{ [alias]: "alice" }], rows);
    });
    await tablesAsBefore(db().url, "a SELECT with a hostile alias");
  });

  test("keywords come from closed tables: a direction, NULLS, operator or join type carried in from input is a QueryError", () => {
    const input = "asc; DROP TABLE secrets; --";
    const base = attempt("select(accounts)", () => select(accounts));
    const forged: [string, () => unknown][] = [
      [
        `an order node with direction ${show(input)}`,
        () => compile(base.orderBy({ ...accounts.id.asc(), direction: input as never })),
      ],
      [
        `accounts.id.asc({ nulls: ${show(input)} })`,
        () => compile(base.orderBy(accounts.id.asc({ nulls: input as never }))),
      ],
      [
        'a comparison node with operator "= 1 OR TRUE; --"',
        () => compile(base.where({ ...accounts.id.eq(1), operator: "= 1 OR TRUE; --" } as never)),
      ],
      [
        'a join node of type "CROSS JOIN secrets --"',
        () =>
          compile({
            ...base.node,
            joins: [{ kind: "join", type: "CROSS JOIN secrets --", table: base.node.from, on: and() }],
          } as unknown as SelectNode),
      ],
      [`select(accounts).limit(${show(input)})`, () => base.limit(input as never)],
    ];
    for (const [what, build] of forged) {
      expectThrows(
        what,
        QueryError,
        build,
        "Write a keyword only from a table of the ones allowed (DIRECTIONS, NULLS, OPERATORS, JOINS): look the node's value up and throw QueryError when it is not there.",
      );
    }
  });

  test("the keys of a request body are not column names: an unknown key is refused, and nothing is written", async () => {
    const body = JSON.parse('{"name": "mallory", "balance\\" = 0; --": 1}') as Partial<Account>;
    expectThrows(
      `insertInto(accounts).values(JSON.parse(${show(JSON.stringify(body))}))`,
      QueryError,
      () => insertInto(accounts).values(body),
      "Check every key against the table's declared columns before it becomes an identifier.",
    );
    expectThrows(
      `update(accounts).set(JSON.parse(${show(JSON.stringify(body))}))`,
      QueryError,
      () => update(accounts).set(body),
      "Check every key against the table's declared columns before it becomes an identifier.",
    );
    expectThrows(
      'select(table("accounts\\u0000; DROP TABLE secrets", ["id"]))',
      IdentifierError,
      () => compile(select(table<{ id: number }>("accounts\u0000; DROP TABLE secrets", ["id"]))),
      "No identifier can hold NUL: quoteIdentifier() refuses it.",
    );
    await tablesAsBefore(db().url, "a request body with a hostile key, refused");
  });
});
