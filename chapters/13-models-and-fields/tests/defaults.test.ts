// Stage 13.4: defaults, the server's and the model's. A field left out of create() is left out
// of the INSERT, so the column's DEFAULT applies and RETURNING brings its value back; an
// explicit null is a value, written as NULL. A client-side default is the model's own: made
// when a new instance is, once per instance, and never for a row read from the database.
import { fields, Model, ModelError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { epochMs, expectEqual, expectFailure, isRecent, msOf, run, useModels, witnessRows } from "./orm.ts";
import { expectNothingSent } from "./watch.ts";

const SCHEMA = `
CREATE TABLE members (
  id int GENERATED ALWAYS AS IDENTITY (START WITH 501) PRIMARY KEY,
  handle text NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  karma int NOT NULL DEFAULT 10,
  bio text DEFAULT '(no bio yet)',
  nickname text,
  tier text NOT NULL,
  token text NOT NULL
);
`;

/** How many tokens the model has made: its client-side default counts its calls. */
let tokensMade = 0;

class Member extends Model.table("members", {
  id: fields.int({ primaryKey: true, generated: true }),
  handle: fields.text(),
  joinedAt: fields.timestamp({ column: "joined_at", serverDefault: "now()" }),
  karma: fields.int({ serverDefault: "10" }),
  bio: fields.text({ nullable: true, serverDefault: "'(no bio yet)'" }),
  nickname: fields.text({ nullable: true }),
  tier: fields.text({ default: "free" }),
  token: fields.text({ default: () => `token-${++tokensMade}` }),
}) {}

await stageWith([postgres], "13.4", (service) => {
  const { db, session } = useModels(service, "defaults", SCHEMA);

  async function rowOf(id: unknown): Promise<Record<string, unknown> | undefined> {
    const [row] = await witnessRows(
      db().url,
      `SELECT id, handle, ${epochMs("joined_at")}, karma, bio, nickname, tier, token FROM members WHERE id = $1`,
      [id],
    );
    return row;
  }

  function valuesOf(member: Member): Record<string, unknown> {
    return {
      id: member.id,
      handle: member.handle,
      joined_at: msOf(member.joinedAt),
      karma: member.karma,
      bio: member.bio,
      nickname: member.nickname,
      tier: member.tier,
      token: member.token,
    };
  }

  test("a field left out gets the column's DEFAULT, and RETURNING brings the value back", async () => {
    const member = await run('await Member.create({ handle: "ada" })', () => Member.create({ handle: "ada" }));
    const row = await rowOf(member.id);
    expectEqual(
      'await Member.create({ handle: "ada" }): the row, read by the checks\' own client',
      { karma: 10, bio: "(no bio yet)", nickname: null, recent: true },
      { karma: row?.karma, bio: row?.bio, nickname: row?.nickname, recent: isRecent(row?.joined_at) },
      "Leave a field with no value out of the INSERT's columns: the server then uses the column's DEFAULT (NULL where there is none).",
    );
    expectEqual(
      'await Member.create({ handle: "ada" }): the instance, beside the row',
      row,
      await run("the instance's fields", () => valuesOf(member)),
      "RETURNING every column gives the instance what the server filled in: id, joined_at, karma, bio, and NULL for nickname.",
    );
  });

  test("an explicit null is written as NULL, and a value overrides the DEFAULT", async () => {
    const member = await run('await Member.create({ handle: "alan", bio: null, karma: 3 })', () =>
      Member.create({ handle: "alan", bio: null, karma: 3 }),
    );
    const row = await rowOf(member.id);
    expectEqual(
      'await Member.create({ handle: "alan", bio: null, karma: 3 }): bio and karma in the row, and in the instance',
      { row: { bio: null, karma: 3 }, instance: { bio: null, karma: 3 } },
      {
        row: { bio: row?.bio, karma: row?.karma },
        instance: await run("the instance's fields", () => ({ bio: member.bio, karma: member.karma })),
      },
      "null is a value: the INSERT names the column and sends NULL. Only a field with no value at all is left to the DEFAULT.",
    );
    const omitted = await run('await Member.create({ handle: "grace", bio: undefined })', () =>
      Member.create({ handle: "grace", bio: undefined }),
    );
    expectEqual(
      'await Member.create({ handle: "grace", bio: undefined }): bio in the row',
      "(no bio yet)",
      (await rowOf(omitted.id))?.bio,
      "undefined is no value, as chapter 12's insert takes it: the field is left out, and the DEFAULT applies.",
    );
  });

  test("a client-side default is made with the instance, once per instance, and sent with the INSERT", async () => {
    const before = tokensMade;
    const first = new Member({ handle: "kay" });
    const second = new Member({ handle: "linus" });
    const made = await run('new Member({ handle: "kay" }) and new Member({ handle: "linus" }): tier and token', () => ({
      first: { tier: first.tier, token: first.token },
      second: { tier: second.tier, token: second.token },
    }));
    expectEqual(
      'two new Members, not saved: their tier and token ({ tier: fields.text({ default: "free" }), token: fields.text({ default: a function that counts its calls }) })',
      {
        first: { tier: "free", token: `token-${before + 1}` },
        second: { tier: "free", token: `token-${before + 2}` },
      },
      made,
      "The constructor gives each field with a client-side default and no value one: the value, or the function's result, called once per instance.",
    );
    await run("await first.save(); await second.save()", async () => {
      await first.save();
      await second.save();
    });
    expectEqual(
      "then their rows' tier and token",
      [
        { tier: "free", token: `token-${before + 1}` },
        { tier: "free", token: `token-${before + 2}` },
      ],
      [await rowOf(first.id), await rowOf(second.id)].map((row) => ({ tier: row?.tier, token: row?.token })),
    );
    const given = await run('await Member.create({ handle: "mary", tier: "pro", token: "mine" })', () =>
      Member.create({ handle: "mary", tier: "pro", token: "mine" }),
    );
    expectEqual(
      'await Member.create({ handle: "mary", tier: "pro", token: "mine" }): the row, and how many tokens the default made',
      { tier: "pro", token: "mine", made: before + 2 },
      { tier: (await rowOf(given.id))?.tier, token: (await rowOf(given.id))?.token, made: tokensMade },
      "A value given wins over the default, and the default's function is not called for it.",
    );
  });

  test("a row read from the database gets no client-side default: its values are the row's", async () => {
    const [row] = await witnessRows(
      db().url,
      "INSERT INTO members (handle, tier, token) VALUES ('edsger', 'gold', 'theirs') RETURNING id",
    );
    const before = tokensMade;
    const found = await run(`await Member.find(${String(row?.id)})`, () => Member.find(row?.id as number));
    const all = await run("await Member.findMany()", () => Member.findMany());
    expectEqual(
      "a row the checks inserted, read with find() and findMany(): its tier and token, and how many tokens the default made meanwhile",
      { tier: "gold", token: "theirs", made: before, rows: all.length },
      {
        tier: found?.tier,
        token: found?.token,
        made: tokensMade,
        rows: (await witnessRows(db().url, "SELECT id FROM members")).length,
      },
      "Make instances for rows without running the constructor's defaults: a default with side effects (a counter, a random token) must not run for every row read.",
    );
  });

  test("a field the server fills in has no value before the INSERT: reading it throws ModelError", async () => {
    const member = new Member({ handle: "barbara" });
    for (const field of ["id", "joinedAt", "karma", "bio", "nickname"] as const) {
      await expectFailure(
        `new Member({ handle: "barbara" }).${field}, before save()`,
        ModelError,
        () => member[field],
        "The type says the field holds a value; before the INSERT the server has not made it yet. Throw, rather than return undefined the type does not allow.",
      );
    }
    await expectNothingSent(
      'new Member({ handle: "barbara" }) and reading its fields',
      db().url,
      session,
      async () => member.handle,
      "Making an instance sends nothing: only save() does.",
    );
  });
});
