// Stage 19.2: a write that reaches a standby fails there with 25006 read_only_sql_transaction
// (docs Appendix A; "Hot Standby"); tinyorm reports it as ReadOnlyServerError, naming the server, and
// leaves every other error of class 25 as it was.
import { DB, InFailedSqlTransaction, InvalidTransactionState, ReadOnlyServerError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgresReplication } from "../../../shared/services/index.ts";
import { expectEqual, expectFailure } from "../../13-models-and-fields/tests/orm.ts";
import { Note } from "./fixtures/notes.ts";
import { configure, usePair, witnessValue } from "./replicas.ts";

await stageWith([postgresReplication], "19.2", (service) => {
  const pair = usePair(service, "read_only");

  test("a write sent to a standby (DB's url is the standby) fails as ReadOnlyServerError, 25006, naming it", async () => {
    const { replicaUrl, primaryUrl } = pair.db();
    // The mistake after an unannounced failover: the URL configured as the primary is a standby.
    await configure(replicaUrl, [replicaUrl], pair.session);
    const error = await expectFailure(
      "Note.create({ body: 'lost' }) with DB.configure({ url: <standby>, replicas: [<standby>] })",
      ReadOnlyServerError,
      () => Note.create({ body: "lost" }),
      "Catch the server's error where the statement ran: an InvalidTransactionState whose sqlstate is 25006 becomes a ReadOnlyServerError(host:port of that server, error).",
    );
    const standby = new URL(replicaUrl);
    expectEqual("error.sqlstate", "25006", error.sqlstate);
    expectEqual(
      "error.server",
      `${standby.hostname}:${standby.port}`,
      error.server,
      "The server that refused, as host:port.",
    );
    expectEqual(
      "error instanceof InvalidTransactionState (code that catches class 25 still catches it)",
      true,
      error instanceof InvalidTransactionState,
    );
    expectEqual(
      "rows on the primary after the refused write",
      "0",
      await witnessValue<string>(primaryUrl, "SELECT count(*)::text FROM notes"),
    );
  });

  test("other errors of class 25 keep their own class: 25P02 stays InFailedSqlTransaction", async () => {
    const { primaryUrl, replicaUrl } = pair.db();
    await configure(primaryUrl, [replicaUrl], pair.session);
    await expectFailure(
      "DB.transaction(): a failing statement, then another on the primary",
      InFailedSqlTransaction,
      () =>
        DB.transaction(async () => {
          const session = await DB.queryable();
          await session.query("SELECT 1/0").catch(() => undefined);
          await session.query("SELECT 1");
        }),
      "Only 25006 means a standby refused a write; 25P02 means the transaction had already failed.",
    );
  });
});
