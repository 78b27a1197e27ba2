// Stage 13.7: bad input. A field the model does not declare, a value of the wrong type, NULL
// where the column refuses it, a required field left out, a generated one given: each is a
// ValidationError that names the field, raised before anything is sent (pg_stat_activity says
// whether your session sent anything). What only the server can know — a duplicate — is chapter
// 11's UniqueViolation, and the instance keeps its change for a save that can succeed.
import { fields, Model, ModelError, UniqueViolation, ValidationError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectFailure, run, useModels, witnessRows } from "./orm.ts";
import { expectNothingSent, expectWrites, watchWrites, writesDuring } from "./watch.ts";

const SCHEMA = `
CREATE TABLE users (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL CONSTRAINT users_username_key UNIQUE,
  karma int NOT NULL DEFAULT 0,
  visits bigint NOT NULL DEFAULT 0,
  seen_at timestamptz,
  prefs jsonb NOT NULL DEFAULT '{}'
);
${watchWrites("users", ["username", "karma", "visits", "seen_at", "prefs"])}
`;

class User extends Model.table("users", {
  id: fields.int({ primaryKey: true, generated: true }),
  username: fields.text(),
  karma: fields.int({ serverDefault: "0" }),
  visits: fields.bigint({ serverDefault: "0" }),
  seenAt: fields.timestamp({ column: "seen_at", nullable: true }),
  prefs: fields.json({ serverDefault: "'{}'" }),
}) {}

/** [what create() is given, the values, the field the ValidationError must name]. */
const BAD_INPUT: [string, Record<string, unknown>, string][] = [
  [
    'a field the model does not declare: { username: "x", nickname: "y" }',
    { username: "x", nickname: "y" },
    "nickname",
  ],
  [
    'a column name instead of the property: { username: "x", seen_at: new Date() }',
    { username: "x", seen_at: new Date() },
    "seen_at",
  ],
  ["a number for a text field: { username: 42 }", { username: 42 }, "username"],
  ['a string for an int field: { username: "x", karma: "10" }', { username: "x", karma: "10" }, "karma"],
  ['a fraction for an int field: { username: "x", karma: 1.5 }', { username: "x", karma: 1.5 }, "karma"],
  ['an int past int4: { username: "x", karma: 2 ** 31 }', { username: "x", karma: 2 ** 31 }, "karma"],
  ['a number for a bigint field: { username: "x", visits: 5 }', { username: "x", visits: 5 }, "visits"],
  [
    'an invalid Date: { username: "x", seenAt: new Date("yesterday") }',
    { username: "x", seenAt: new Date("yesterday") },
    "seenAt",
  ],
  ['a Map for a json field: { username: "x", prefs: new Map() }', { username: "x", prefs: new Map() }, "prefs"],
  ["null for a field that is not nullable: { username: null }", { username: null }, "username"],
  ["a field left out that has no default: { karma: 1 }", { karma: 1 }, "username"],
  ['a generated field given: { id: 7, username: "x" }', { id: 7, username: "x" }, "id"],
];

await stageWith([postgres], "13.7", (service) => {
  const { db, session } = useModels(service, "validation", SCHEMA);

  async function rowCount(): Promise<number> {
    return (await witnessRows(db().url, "SELECT id FROM users")).length;
  }

  test("refuses bad input to create() with a ValidationError naming the field, before anything is sent", async () => {
    await run("await User.findMany()", () => User.findMany()); // the session exists: anything sent would show
    for (const [what, values, field] of BAD_INPUT) {
      const call = `await User.create(${what.slice(what.indexOf("{"))})`;
      const hint = `${what}: check every key and value against the fields before building the INSERT.`;
      await expectNothingSent(
        call,
        db().url,
        session,
        async () => {
          const error = await expectFailure(call, ValidationError, () => User.create(values as never), hint);
          expectEqual(`${call}: the ValidationError's field`, field, error.field, hint);
          expectEqual(`${call}: the ValidationError's model`, "User", error.model, "The model is the class's name.");
        },
        hint,
      );
    }
    expectEqual("the rows in users after all of them", 0, await rowCount());
  });

  test("an assignment of the wrong type throws at once, and leaves the instance as it was", async () => {
    const user = await run('await User.create({ username: "ada" })', () => User.create({ username: "ada" }));
    const cases: [string, () => void, string][] = [
      ["user.username = 42", () => Object.assign(user, { username: 42 }), "username"],
      ["user.username = null", () => Object.assign(user, { username: null }), "username"],
      ["user.karma = Number.NaN", () => Object.assign(user, { karma: Number.NaN }), "karma"],
      ["user.id = 5 (the primary key)", () => Object.assign(user, { id: 5 }), "id"],
    ];
    for (const [what, assign, field] of cases) {
      const error = await expectFailure(
        what,
        ValidationError,
        assign,
        "The setter checks the value as create() does: a mistake is reported where it is made, not at some later save().",
      );
      expectEqual(`${what}: the ValidationError's field`, field, error.field);
    }
    expectEqual(
      "user.username, user.karma and user.id after the refused assignments",
      {
        username: "ada",
        karma: 0,
        id: (await witnessRows(db().url, "SELECT id FROM users WHERE username = 'ada'"))[0]?.id,
      },
      await run("the instance's fields", () => ({ username: user.username, karma: user.karma, id: user.id })),
    );
    await expectNothingSent(
      "await user.save() after the refused assignments",
      db().url,
      session,
      () => user.save(),
      "Nothing was changed: nothing to send.",
    );
  });

  test("find() with a key of the wrong type is a ValidationError, before anything is sent", async () => {
    await expectNothingSent(
      'await User.find("1")',
      db().url,
      session,
      async () => {
        const error = await expectFailure(
          'await User.find("1")',
          ValidationError,
          () => User.find("1" as never),
          "Check the key against the primary key's field before building the query.",
        );
        expectEqual('await User.find("1"): the ValidationError\'s field', "id", error.field);
      },
      "A key of the wrong type cannot name a row: refuse it before sending.",
    );
  });

  test("a duplicate is chapter 11's UniqueViolation, and a new instance stays unsaved", async () => {
    await run('await User.create({ username: "taken" })', () => User.create({ username: "taken" }));
    const duplicate = await expectFailure(
      'await User.create({ username: "taken" }) again',
      UniqueViolation,
      () => User.create({ username: "taken" }),
      "Let the server's error through as it is: chapter 11 already made it a typed error.",
    );
    expectEqual("the UniqueViolation's constraint", "users_username_key", duplicate.constraint);
    const user = new User({ username: "taken" });
    await expectFailure(
      'await new User({ username: "taken" }).save()',
      UniqueViolation,
      () => user.save(),
      "The INSERT fails.",
    );
    await expectFailure(
      "user.id, after the failed insert",
      ModelError,
      () => user.id,
      "A failed INSERT made no row: the instance is still new, with no id.",
    );
    user.username = "untaken";
    const writes = await writesDuring(db().url, "users", () =>
      run('user.username = "untaken"; await user.save()', () => user.save()),
    );
    expectWrites(
      'user.username = "untaken"; await user.save(), after the failed insert',
      [{ op: "INSERT", columns: [] }],
      writes,
      "Still new: the next save() inserts.",
    );
    const [row] = await witnessRows(db().url, "SELECT id FROM users WHERE username = 'untaken'");
    expectEqual("user.id, after it was inserted", row?.id, await run("user.id", () => user.id));
  });

  test("a stored instance whose save() hit a UniqueViolation keeps its change and sends it again", async () => {
    const first = await run('await User.create({ username: "first" })', () => User.create({ username: "first" }));
    await run('await User.create({ username: "second" })', () => User.create({ username: "second" }));
    first.username = "second";
    const hint =
      "A failed UPDATE changed nothing: the instance still differs from its row, so its change stays, to be sent again.";
    await expectFailure('first.username = "second"; await first.save()', UniqueViolation, () => first.save(), hint);
    await expectFailure("await first.save() again, unchanged", UniqueViolation, () => first.save(), hint);
    expectEqual(
      "first.username, and the row's username, after the failed saves",
      { instance: "second", row: "first" },
      {
        instance: await run("first.username", () => first.username),
        row: (await witnessRows(db().url, "SELECT username FROM users WHERE id = $1", [first.id]))[0]?.username,
      },
      hint,
    );
    const writes = await writesDuring(db().url, "users", async () => {
      first.username = "third";
      await run('first.username = "third"; await first.save()', () => first.save());
    });
    expectWrites(
      'first.username = "third"; await first.save()',
      [{ op: "UPDATE", columns: ["username"] }],
      writes,
      hint,
    );
  });
});
