// Stage 11.5: named prepared statements. The server parses a named statement once per session
// and keeps it; pg_prepared_statements lists what a session holds and, since PostgreSQL 14, how
// many times each ran (generic_plans + custom_plans). The checks read that list on your own
// connection, so it is the server that says what was prepared and how often it was used.

import type { Connection, PreparedStatement } from "@lab/src/tinyorm/index.ts";
import { PreparedStatementConflict } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectRejection, expectValue, rowsOf, show, useDatabase, withConnection, within } from "./sql.ts";

const USERS = ["ada", "brian", "claude", "dennis", "edsger"];
const SCHEMA = `CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO users SELECT i, (ARRAY['${USERS.join("','")}'])[i] FROM generate_series(1, ${USERS.length}) AS i;`;
const BY_ID = "SELECT name FROM users WHERE id = $1";
const LIST =
  "SELECT name, statement, (generic_plans + custom_plans)::text AS runs FROM pg_prepared_statements WHERE NOT from_sql ORDER BY name";

/** What the session holds, as the server lists it: [{ name, statement, runs }]. */
function held(connection: Connection): Promise<Record<string, unknown>[]> {
  return rowsOf(connection, LIST);
}

/** Runs a prepared statement, within the time one call gets. */
function run(statement: PreparedStatement, params: readonly unknown[] = []) {
  return within(`run(${show(params)}) of "${statement.name}"`, statement.run(params as never[]));
}

function expectHeld(connection: Connection, expected: Record<string, unknown>[], after: string, hint: string) {
  return held(connection).then((rows) => {
    if (JSON.stringify(rows) !== JSON.stringify(expected))
      throw new CheckFailure("the session's prepared statements are not what was expected", {
        sent: `${after}, then ${LIST}`,
        expected: show(expected),
        received: show(rows),
        hint,
      });
  });
}

await stageWith([postgres], "11.5", (service) => {
  const db = useDatabase(service, "prepared", SCHEMA);

  test("runs a named statement five times with new parameters: the session holds it once, and it ran five times", async () => {
    await withConnection(db().url, async (connection) => {
      const statement = connection.prepare("user_by_id", BY_ID);
      for (const [index, name] of USERS.entries()) {
        const id = index + 1;
        const result = await run(statement, [id]);
        expectValue(`prepare("user_by_id", "${BY_ID}").run([${id}])`, [{ name }], result.rows);
      }
      await expectHeld(
        connection,
        [{ name: "user_by_id", statement: BY_ID, runs: "5" }],
        `prepare("user_by_id", "${BY_ID}") and run() five times`,
        "Send the statement's name with every run ({ name, text, values }): the driver parses a name once per connection and only binds and executes it after that.",
      );
    });
  });

  test("each connection prepares the statement for its own session", async () => {
    await withConnection(db().url, async (first) => {
      await withConnection(db().url, async (second) => {
        for (const id of [1, 2]) await run(first.prepare("user_by_id", BY_ID), [id]);
        await expectHeld(second, [], "two runs on another connection", "A prepared statement belongs to one session.");
        for (const id of [3, 4, 5]) await run(second.prepare("user_by_id", BY_ID), [id]);
        const after = "two runs on the first connection, three on the second";
        const hint = "Keep the names prepared per Connection, not in a module-level map shared by all.";
        await expectHeld(first, [{ name: "user_by_id", statement: BY_ID, runs: "2" }], after, hint);
        await expectHeld(second, [{ name: "user_by_id", statement: BY_ID, runs: "3" }], after, hint);
      });
    });
  });

  test("preparing a name again with the same SQL reuses the statement", async () => {
    await withConnection(db().url, async (connection) => {
      await run(connection.prepare("count_users", "SELECT count(*) AS n FROM users"));
      await run(connection.prepare("count_users", "SELECT count(*) AS n FROM users"));
      await expectHeld(
        connection,
        [{ name: "count_users", statement: "SELECT count(*) AS n FROM users", runs: "2" }],
        'prepare("count_users", …).run() twice, with the same SQL',
        "The same name and the same SQL is the same statement: no conflict.",
      );
    });
  });

  test("preparing a name again with other SQL fails with PreparedStatementConflict before anything is sent", async () => {
    await withConnection(db().url, async (connection) => {
      await run(connection.prepare("pick", "SELECT 1 AS n"));
      const sent = 'prepare("pick", "SELECT 1 AS n").run(), then prepare("pick", "SELECT 2 AS n")';
      const error = await expectRejection(
        sent,
        PreparedStatementConflict,
        async () => connection.prepare("pick", "SELECT 2 AS n").run(),
        "Remember each name's SQL on the connection; a name seen with other SQL is a PreparedStatementConflict.",
      );
      expectValue(`${sent}: the error's statementName`, "pick", error.statementName);
      await expectHeld(
        connection,
        [{ name: "pick", statement: "SELECT 1 AS n", runs: "1" }],
        sent,
        "Refuse in prepare(), before anything reaches the server.",
      );
      expectValue(
        'prepare("pick", "SELECT 1 AS n").run() after the conflict',
        [{ n: 1 }],
        (await run(connection.prepare("pick", "SELECT 1 AS n"))).rows,
      );
    });
  });
});
