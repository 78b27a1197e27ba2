// Stage 19.1: plain reads go to the standby; writes, row locks and every statement of a
// transaction go to the primary. Which server answered is asked of the server itself:
// pg_is_in_recovery() is true only on a standby (docs §9.27), and inet_server_port() names it.
import { DB } from "@lab/src/tinyorm/index.ts";
import { beforeAll, test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgresReplication } from "../../../shared/services/index.ts";
import { expectEqual, run } from "../../13-models-and-fields/tests/orm.ts";
import { Note } from "./fixtures/notes.ts";
import { configure, untilReplayed, usePair } from "./replicas.ts";

async function serverOf(sql: string): Promise<{ standby: boolean; port: number }> {
  const session = await DB.queryable();
  const { rows } = await session.query<{ standby: boolean; port: number }>(sql);
  return rows[0]!;
}

await stageWith([postgresReplication], "19.1", (service) => {
  const pair = usePair(service, "routing");
  const primaryPort = () => Number(new URL(pair.db().primaryUrl).port);
  const replicaPort = () => Number(new URL(pair.db().replicaUrl).port);
  beforeAll(() => configure(pair.db().primaryUrl, [pair.db().replicaUrl], pair.session));

  test("a plain SELECT goes to the standby, whatever its case", async () => {
    for (const sql of [
      "SELECT pg_is_in_recovery() AS standby, inet_server_port() AS port",
      "  select pg_is_in_recovery() AS standby, inet_server_port() AS port",
    ]) {
      const server = await run(`(await DB.queryable()).query("${sql}")`, () => serverOf(sql));
      expectEqual(
        `${sql} — through DB configured with replicas: [the standby]`,
        { standby: true, port: replicaPort() },
        server,
        "A statement that starts with SELECT (any case, after spaces) and takes no row lock is a read: send it to a standby.",
      );
    }
  });

  test("SELECT … FOR UPDATE and FOR SHARE go to the primary: a standby cannot lock rows", async () => {
    for (const lock of ["FOR UPDATE", "FOR NO KEY UPDATE", "FOR SHARE", "for key share"]) {
      const sql = `SELECT pg_is_in_recovery() AS standby, inet_server_port() AS port FROM notes ${lock}`;
      await run("Note.create({ body: 'locked' })", () => Note.create({ body: "locked" }));
      const server = await run(`(await DB.queryable()).query("${sql}")`, () => serverOf(sql));
      expectEqual(
        sql,
        { standby: false, port: primaryPort() },
        server,
        "A locking clause makes a SELECT a write in effect (docs §13.3.2): a hot standby refuses it with 25006.",
      );
    }
  });

  test("Note.create() writes on the primary, and Note.find() reads the replayed row from the standby", async () => {
    const note = await run("Note.create({ body: 'routed' })", () => Note.create({ body: "routed" }));
    await untilReplayed(pair.db().replicaUrl, pair.db().primaryUrl, "the new note to reach the standby");
    const found = await run(`Note.find(${note.id})`, () => Note.find(note.id));
    expectEqual(`Note.find(${note.id}) after it replayed`, "routed", found?.body);
    const { rows } = await (await DB.queryable()).query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
      [pair.session],
    );
    expectEqual(
      "a session of your DB on the standby (pg_stat_activity there, by application_name)",
      true,
      Number(rows[0]?.n) >= 1,
      "Reads open their own session on the standby, with the same options as the primary's.",
    );
  });

  test("inside DB.transaction() every statement, reads too, runs on the primary", async () => {
    const inside = await run("DB.transaction(() => SELECT pg_is_in_recovery() …)", () =>
      DB.transaction(() => serverOf("SELECT pg_is_in_recovery() AS standby, inet_server_port() AS port")),
    );
    expectEqual(
      "SELECT pg_is_in_recovery(), inet_server_port() inside DB.transaction()",
      { standby: false, port: primaryPort() },
      inside,
      "A transaction is one session from BEGIN to COMMIT: withConnection() lends the primary's, and its reads must see its writes.",
    );
  });

  test("WITH … INSERT goes to the primary", async () => {
    const sql =
      "WITH added AS (INSERT INTO notes (body) VALUES ('cte') RETURNING id) SELECT inet_server_port() AS port FROM added";
    const { rows } = await run(`(await DB.queryable()).query("${sql}")`, async () =>
      (await DB.queryable()).query<{ port: number }>(sql),
    );
    expectEqual(sql, primaryPort(), rows[0]?.port, "Only a plain SELECT is surely a read; a WITH may hide a write.");
  });
});
