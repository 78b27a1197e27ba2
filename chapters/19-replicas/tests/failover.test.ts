// Stage 19.5: failover. A standby of this file's own is promoted (pg_promote(), docs §9.27, "Recovery Control Functions");
// DB.router.failover() refuses a node still in recovery and, for the promoted one, sends writes
// there and stops reading from the old primary, which no longer sees them.
import { DB, FailoverError, promote } from "@lab/src/tinyorm/index.ts";
import { beforeAll, test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgresReplication } from "../../../shared/services/index.ts";
import { expectEqual, expectFailure, run } from "../../13-models-and-fields/tests/orm.ts";
import { Note } from "./fixtures/notes.ts";
import { configure, useOwnReplica, usePair, witnessValue } from "./replicas.ts";

await stageWith([postgresReplication], "19.5", (service) => {
  const pair = usePair(service, "failover");
  const own = useOwnReplica(service, pair);
  beforeAll(() => configure(pair.db().primaryUrl, [own().url, pair.db().replicaUrl], pair.session));

  test("failover() to a standby that was not promoted is refused, and changes nothing", async () => {
    await expectFailure(
      "DB.router.failover(<the shared standby, still in recovery>)",
      FailoverError,
      () => DB.router.failover(pair.db().replicaUrl),
      "Ask the node pg_is_in_recovery() first: a standby cannot take writes.",
    );
    const note = await run("Note.create({ body: 'before' })", () => Note.create({ body: "before" }));
    expectEqual(
      "the note written after the refused failover, read on the primary",
      "before",
      await witnessValue(pair.db().primaryUrl, "SELECT body FROM notes WHERE id = $1", [note.id]),
    );
  });

  test("after promote() and failover(), writes go to the promoted node, and reads see them", async () => {
    const promoted = own().url;
    await run(
      "promote(<own standby>)",
      () => promote(promoted),
      "SELECT pg_promote(wait => true): it returns once the standby accepts writes.",
    );
    expectEqual(
      "pg_is_in_recovery() on the promoted node",
      false,
      await witnessValue(promoted, "SELECT pg_is_in_recovery()"),
    );
    await run("DB.router.failover(<promoted>)", () => DB.router.failover(promoted));
    expectEqual("DB.router.primaryUrl after failover()", promoted, DB.router.primaryUrl);
    const note = await run("Note.create({ body: 'after' })", () => Note.create({ body: "after" }));
    expectEqual(
      "the note written after failover, on the promoted node",
      "after",
      await witnessValue(promoted, "SELECT body FROM notes WHERE id = $1", [note.id]),
      "Writes go to the node failover() named, from the moment it returns.",
    );
    expectEqual(
      "the same note on the old primary",
      "0",
      await witnessValue(pair.db().primaryUrl, "SELECT count(*)::text FROM notes WHERE body = 'after'"),
    );
    for (let i = 0; i < 3; i += 1) {
      const found = await run(`Note.find(${note.id}), read ${i + 1}`, () => Note.find(note.id));
      expectEqual(
        `Note.find(${note.id}) right after the write, read ${i + 1} of 3`,
        "after",
        found?.body,
        "No read may go to the old primary (cut off, it is stale) or to a standby of it: after failover the promoted node serves reads until new standbys follow it.",
      );
    }
  });
});
