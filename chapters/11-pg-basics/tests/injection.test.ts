// Stage 11.7: hostile input stays data. Pasted into the SQL text, an input rewrites the query;
// bound as a parameter, the same input is only ever a value — stored and read back byte for
// byte, while every table stays as it was. The checks' own client is the witness.
import { ParameterError, SqlSyntaxError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectField,
  expectRejection,
  expectValue,
  rowsOf,
  show,
  showQuery,
  useDatabase,
  withConnection,
  withWitness,
} from "./sql.ts";

const SECRET = "s3cr3t-token";
const SCHEMA = `
CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, balance int NOT NULL DEFAULT 0);
INSERT INTO accounts (name, balance) VALUES ('alice', 100), ('bob', 50), ('carol', 75);
CREATE TABLE secrets (token text NOT NULL);
INSERT INTO secrets VALUES ('${SECRET}');`;
const ORIGINAL_ROWS = [
  { id: 1, name: "alice", balance: 100 },
  { id: 2, name: "bob", balance: 50 },
  { id: 3, name: "carol", balance: 75 },
];

/** Inputs written to break out of a string constant, or to look like SQL or placeholders. */
const HOSTILE: [string, string][] = [
  ["a tautology", "' OR '1'='1"],
  ["a stacked DROP", "'; DROP TABLE accounts; --"],
  ["a backslash before the quote", "\\'; DROP TABLE accounts; --"],
  ["a UNION that reads another table", "x' UNION SELECT token FROM secrets --"],
  ["a closing parenthesis and a DELETE", "'); DELETE FROM accounts; --"],
  ["placeholders", "$1 $2::text $$ $tag$"],
  ["backslashes and quotes", "\\\\ \\' \\\" '' \"\""],
  ["an escape-string prefix", "E'\\x27' || chr(39)"],
  ["comments", "/* open comment -- and a line comment"],
  ["look-alike quotes (U+02BC, U+FF07, U+2019)", "ʼ OR 1=1 -- ＇ OR ＇1＇=＇1 ’"],
  ["line breaks and a sleep", "\r\n'; SELECT pg_sleep(10); --\u2028"],
  ["the word NULL", "NULL"],
  ["emoji and combining marks", "😀 e\u0301 \u202e'; DROP TABLE accounts; --"],
  ["100,000 characters then a DROP", `${"x".repeat(100_000)}'; DROP TABLE accounts; --`],
];

async function countAccounts(url: string): Promise<number> {
  return withWitness(url, async (client) => {
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM accounts");
    return rows[0]?.n ?? 0;
  });
}

/** Both tables still there, the first three accounts untouched, the secret intact, and `accounts` holding `expectedCount` rows. */
async function tablesAsBefore(url: string, expectedCount: number, sent: string): Promise<void> {
  await withWitness(url, async (client) => {
    const { rows: tables } = await client.query<{ accounts: string | null; secrets: string | null }>(
      "SELECT to_regclass('accounts')::text AS accounts, to_regclass('secrets')::text AS secrets",
    );
    if (!tables[0]?.accounts || !tables[0].secrets)
      throw new CheckFailure("a table is gone", {
        sent,
        expected: "accounts and secrets still there",
        received: show(tables[0]),
      });
    const { rows: original } = await client.query("SELECT id, name, balance FROM accounts WHERE id <= 3 ORDER BY id");
    expectValue(`${sent}; then the first three accounts, read by the checks' own client`, ORIGINAL_ROWS, original);
    const { rows: count } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM accounts");
    expectValue(`${sent}; then SELECT count(*) FROM accounts`, expectedCount, count[0]?.n);
    const { rows: secrets } = await client.query<{ token: string }>("SELECT token FROM secrets");
    expectValue(`${sent}; then SELECT token FROM secrets`, [{ token: SECRET }], secrets);
  });
}

await stageWith([postgres], "11.7", (service) => {
  const db = useDatabase(service, "injection", SCHEMA);

  test("pasted into the SQL, an input rewrites the query (a UNION reads the secrets); bound as $1, it matches nothing", async () => {
    await withConnection(db().url, async (connection) => {
      const input = "x' UNION SELECT token FROM secrets --";
      const pasted = `SELECT name FROM accounts WHERE name = '${input}'`;
      const injected = await rowsOf(connection, pasted);
      expectValue(
        pasted,
        [{ name: SECRET }],
        injected,
        "Your query() runs the SQL it is given: built by concatenation, that SQL is the attacker's.",
      );
      const bound = "SELECT name FROM accounts WHERE name = $1";
      expectValue(showQuery(bound, [input]), [], await rowsOf(connection, bound, [input]));
    });
  });

  test("one query is one statement: 'SELECT 1; DROP TABLE accounts' fails with SqlSyntaxError (42601), and nothing is dropped", async () => {
    const before = await countAccounts(db().url);
    await withConnection(db().url, async (connection) => {
      const sql = "SELECT 1; DROP TABLE accounts";
      const error = await expectRejection(
        sql,
        SqlSyntaxError,
        () => connection.query(sql),
        'Use the extended protocol for every query, even with no parameters (queryMode: "extended"): the simple protocol runs both statements.',
      );
      expectField(
        sql,
        error,
        "sqlstate",
        "42601",
        "The server refuses a second command in a prepared statement: 42601.",
      );
    });
    await tablesAsBefore(db().url, before, 'query("SELECT 1; DROP TABLE accounts")');
  });

  test(`${HOSTILE.length} hostile inputs bound as parameters are stored and read back byte for byte, and every table stays`, async () => {
    const before = await countAccounts(db().url);
    await withConnection(db().url, async (connection) => {
      for (const [what, input] of HOSTILE) {
        const insert = "INSERT INTO accounts (name) VALUES ($1) RETURNING id";
        const [row] = await rowsOf(connection, insert, [input], `inserting ${what}`);
        const select =
          "SELECT name, (SELECT count(*) FROM accounts WHERE name = $2)::text AS matches FROM accounts WHERE id = $1";
        const back = await rowsOf(connection, select, [row?.id, input]);
        expectValue(
          showQuery(select, [row?.id, input]),
          [{ name: input, matches: "1" }],
          back,
          `${what}: it must be stored exactly as sent, and match only itself.`,
        );
      }
    });
    await tablesAsBefore(db().url, before + HOSTILE.length, `${HOSTILE.length} hostile INSERTs`);
  });

  test("a NUL character cannot be stored as text: a ParameterError naming the parameter, and nothing is sent", async () => {
    const before = await countAccounts(db().url);
    await withConnection(db().url, async (connection) => {
      const sql = "INSERT INTO accounts (name, balance) VALUES ($2, $1)";
      const params = [0, "bob\u0000'; DROP TABLE accounts; --"];
      const sent = showQuery(sql, params);
      const error = await expectRejection(
        sent,
        ParameterError,
        () => connection.query(sql, params),
        "PostgreSQL text ends at NUL: refuse a string holding U+0000 in encodeParameter with a ParameterError.",
      );
      expectField(sent, error, "parameter", 2, "The position is the $n of the parameter: here $2.");
      expectValue(`${sent}, then SELECT 'ok'`, [{ ok: "ok" }], await rowsOf(connection, "SELECT 'ok' AS ok"));
    });
    await tablesAsBefore(db().url, before, "an INSERT with NUL in $2");
  });
});
