// Stage 19.4: read-your-writes. Replay is paused on a standby of this file's own, so it is
// certainly behind; a scope that wrote must still read its row (from the primary), a scope that
// did not write reads the standby (and does not see it), and once replay catches up the scope
// that wrote reads the standby again.
import { DB } from "@lab/src/tinyorm/index.ts";
import { afterAll, beforeAll, test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgresReplication } from "../../../shared/services/index.ts";
import { expectEqual, run } from "../../13-models-and-fields/tests/orm.ts";
import { Note } from "./fixtures/notes.ts";
import { configure, pauseReplay, resumeReplay, untilReplayed, useOwnReplica, usePair } from "./replicas.ts";

async function onStandby(): Promise<boolean> {
  const { rows } = await (await DB.queryable()).query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
  return rows[0]!.standby;
}

await stageWith([postgresReplication], "19.4", (service) => {
  const pair = usePair(service, "ryw");
  const own = useOwnReplica(service, pair);
  beforeAll(() => configure(pair.db().primaryUrl, [own().url], pair.session));
  afterAll(() => resumeReplay(own().url).catch(() => undefined));

  test("a scope reads its own write while the standby is paused; other scopes read the standby", async () => {
    await pauseReplay(own().url);
    let written: (id: number) => void = () => undefined;
    const wrote = new Promise<number>((resolve) => (written = resolve));
    let proceed: () => void = () => undefined;
    const mayGoOn = new Promise<void>((resolve) => (proceed = resolve));
    const writer = run("DB.router.readYourWrites(async () => { Note.create(…); Note.find(…) … })", () =>
      DB.router.readYourWrites(async () => {
        const note = await Note.create({ body: "mine" });
        const seen = (await Note.find(note.id))?.body;
        const pinned = !(await onStandby());
        // A scope that never wrote, running meanwhile: not pinned by this one's write.
        const other = await DB.router.readYourWrites(async () => ({
          standby: await onStandby(),
          seen: (await Note.find(note.id))?.body ?? null,
        }));
        written(note.id);
        await mayGoOn;
        // The same scope, once the standby has replayed the write.
        await untilReplayed(own().url, pair.db().primaryUrl, "the standby to replay the scope's write");
        return { seen, pinned, other, after: await onStandby() };
      }),
    );
    // The checks' own reads, outside every scope, while the standby is still paused.
    const id = await Promise.race([wrote, writer.then(() => -1)]);
    const outside = { standby: await onStandby(), seen: (await Note.find(id))?.body ?? null };
    proceed();
    await resumeReplay(own().url);
    const result = await writer;
    expectEqual(
      "Note.find(id) in the scope that created it, replay paused",
      "mine",
      result.seen,
      "After a write, take pg_current_wal_insert_lsn() on the primary; a read goes to a standby only if its pg_last_wal_replay_lsn() is at or past it.",
    );
    expectEqual(
      "pg_is_in_recovery() read in that scope while the standby is behind",
      true,
      result.pinned,
      "Behind its write, the scope reads from the primary.",
    );
    expectEqual(
      "a scope that wrote nothing, meanwhile: { standby, seen }",
      { standby: true, seen: null },
      result.other,
      "The write's position belongs to the scope that wrote (an AsyncLocalStorage), not to the whole process.",
    );
    expectEqual(
      "a read outside every scope, meanwhile: { standby, seen }",
      { standby: true, seen: null },
      outside,
      "Outside readYourWrites() nothing is pinned: reads go to the standbys, stale or not.",
    );
    expectEqual(
      "a read in the writing scope once the standby has replayed the write: on the standby",
      true,
      result.after,
      "Once a standby has replayed past the scope's write, its reads go back to the standbys.",
    );
  });

  test("a DB.transaction() in the scope pins its reads too", async () => {
    await untilReplayed(own().url, pair.db().primaryUrl, "the standby to catch up before the check");
    await pauseReplay(own().url);
    try {
      const seen = await run(
        "DB.router.readYourWrites(() => DB.transaction(() => Note.create(…)) then Note.find)",
        () =>
          DB.router.readYourWrites(async () => {
            const note = await DB.transaction(() => Note.create({ body: "in a transaction" }));
            return (await Note.find(note.id))?.body;
          }),
      );
      expectEqual(
        "Note.find(id) after a committed DB.transaction() in the scope",
        "in a transaction",
        seen,
        "A transaction writes through withConnection(): note the WAL position after it, as after a single write.",
      );
    } finally {
      await resumeReplay(own().url);
    }
  });
});
