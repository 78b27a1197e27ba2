// Stage 15.7: a unit of work per transaction. Inside DB.transaction() one row is one object —
// however it was loaded — and every object the transaction knows is saved before COMMIT, so a
// change made without save() is not lost. A rollback flushes nothing, and the next transaction
// starts with an empty map: nothing of the rolled-back one reaches it.
import { DB, fields, Model } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectThat, run, settle, useTransactionDatabase, witness } from "./tx.ts";

const SCHEMA = "CREATE TABLE players (id serial PRIMARY KEY, nick text NOT NULL, score integer NOT NULL DEFAULT 0);";
const RESET =
  "TRUNCATE players RESTART IDENTITY; INSERT INTO players (nick, score) VALUES ('ann', 10), ('ben', 20), ('cat', 30);";

class Player extends Model.table("players", {
  id: fields.int({ primaryKey: true, generated: true }),
  nick: fields.text(),
  score: fields.int({ serverDefault: "0" }),
}) {}

await stageWith([postgres], "15.7", (service) => {
  const { db, configure } = useTransactionDatabase(service, "unit_of_work", SCHEMA);
  const reset = () => witness(db().url, RESET);
  const rows = async () => await witness(db().url, "SELECT nick, score FROM players ORDER BY id");

  test("inside a transaction one row is one object: find(), findMany() and select().first() give the same instance; outside, new ones", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    const sent = `${mode}; DB.transaction(async () => { Player.find(1); Player.find(1); Player.findMany({ where: id = 1 }); Player.select().where(id = 1).first(); Player.create(…) then Player.find(its id) })`;
    const same = await run(sent, () =>
      DB.transaction(async () => {
        const a = await Player.find(1);
        const b = await Player.find(1);
        const [c] = await Player.findMany({ where: Player.id.eq(1) });
        const d = await Player.select().where(Player.id.eq(1)).first();
        const created = await Player.create({ nick: "dan" });
        const found = await Player.find(created.id);
        return {
          "find twice": a === b,
          findMany: a === c,
          "select().first()": a === d,
          "create then find": created === found,
        };
      }),
    );
    expectEqual(
      `${sent}: which loads gave the very same object`,
      { "find twice": true, findMany: true, "select().first()": true, "create then find": true },
      same,
      "Keep a map (model class → primary key → instance) in the transaction's unit of work; a row already in it comes back as the instance already made, and an inserted instance goes into it.",
    );
    const outside = await run(`${mode}; Player.find(1) twice, outside any transaction`, async () => {
      const first = await Player.find(1);
      const second = await Player.find(1);
      return first === second;
    });
    expectEqual(
      `${mode}; Player.find(1) === Player.find(1), outside any transaction`,
      false,
      outside,
      "Outside a transaction there is no identity map: two reads may rightly see two versions of a row.",
    );
  });

  test("objects changed without save() are saved at commit, deleted ones are not, and the committed rows show it", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    const sent = `${mode}; DB.transaction(async () => { ann = find(1); ann.score = 11; (await findMany())[1].nick = "benny"; eve = create({ nick: "eve" }); eve.score = 5; (await find(3)).delete() }) — no save() for the changes`;
    await run(
      sent,
      () =>
        DB.transaction(async () => {
          const ann = await Player.find(1);
          if (ann) ann.score = 11;
          const all = await Player.findMany({ orderBy: Player.id.asc() });
          const ben = all[1];
          if (ben) ben.nick = "benny";
          const eve = await Player.create({ nick: "eve" });
          eve.score = 5;
          await (await Player.find(3))?.delete();
        }),
      "Before COMMIT, save() every instance the unit of work knows (save() sends nothing for one that did not change); a deleted instance must be forgotten, or its save() throws.",
    );
    expectEqual(
      `${sent}; then, from another session: SELECT nick, score FROM players`,
      [
        { nick: "ann", score: 11 },
        { nick: "benny", score: 20 },
        { nick: "eve", score: 5 },
      ],
      await rows(),
      "Flush the unit of work inside the transaction, after the callback returns and before COMMIT.",
    );
  });

  test("a rollback flushes nothing, and the next transaction neither sees nor saves the rolled-back objects", async () => {
    await reset();
    const mode = await configure({ pool: 2 });
    let first: Player | null = null;
    const sent = `${mode}; DB.transaction(async () => { ann = find(1); ann.nick = "gone"; throw }); then DB.transaction(async () => { again = find(1); ben = find(2); ben.score = 21 })`;
    const failed = await settle(
      `${sent}: the first transaction`,
      DB.transaction(async () => {
        first = await Player.find(1);
        if (first) first.nick = "gone";
        throw new Error("roll back");
      }),
    );
    expectThat(`${sent}: the first transaction`, !failed.ok, "a rejection", failed.ok ? "it resolved" : "");
    const again = await run(`${sent}: the second transaction`, () =>
      DB.transaction(async () => {
        const found = await Player.find(1);
        const ben = await Player.find(2);
        if (ben) ben.score = 21;
        return found;
      }),
    );
    expectThat(
      `${sent}: the second transaction's find(1)`,
      again !== null && again !== first,
      "a new instance, not the first transaction's",
      again === first ? "the rolled-back transaction's own object" : String(again),
      "Each transaction gets a unit of work of its own: an identity map shared between transactions hands out objects that belong to another one.",
    );
    expectEqual(
      `${sent}; then, from another session: SELECT nick, score FROM players`,
      [
        { nick: "ann", score: 10 },
        { nick: "ben", score: 21 },
        { nick: "cat", score: 30 },
      ],
      await rows(),
      "The rolled-back change to ann must never be written — not at its own ROLLBACK, nor by the next transaction's flush.",
    );
  });
});
