// Stage 13.3: save() sends what changed and nothing else. The server is the witness: triggers
// on the table log each write and, per column, whether an UPDATE's SET named it (see
// watch.ts); pg_stat_activity says whether your session sent anything at all. A value set back
// to what it was is no change; a JSON document or a Date changed in place is one; a failed save
// keeps its change for the next.
import { CheckViolation, fields, Model } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectFailure, run, useModels, witnessRows } from "./orm.ts";
import { expectNothingSent, expectWrites, watchWrites, writesDuring } from "./watch.ts";

const COLUMNS = ["username", "email", "karma", "prefs", "seen_at"];

const SCHEMA = `
CREATE TABLE accounts (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  email text,
  karma int NOT NULL DEFAULT 0 CONSTRAINT accounts_karma_check CHECK (karma >= 0),
  prefs jsonb NOT NULL DEFAULT '{}',
  seen_at timestamptz
);
${watchWrites("accounts", COLUMNS)}
`;

type Prefs = { theme?: string; tags?: string[] };

class Account extends Model.table("accounts", {
  id: fields.int({ primaryKey: true, generated: true }),
  username: fields.text(),
  email: fields.text({ nullable: true }),
  karma: fields.int({ serverDefault: "0" }),
  prefs: fields.json({ serverDefault: "'{}'" }).of<Prefs>(),
  seenAt: fields.timestamp({ column: "seen_at", nullable: true }),
}) {}

await stageWith([postgres], "13.3", (service) => {
  const { db, session } = useModels(service, "dirty", SCHEMA);

  async function rowOf(id: number): Promise<Record<string, unknown> | undefined> {
    const [row] = await witnessRows(
      db().url,
      "SELECT username, email, karma, prefs, seen_at FROM accounts WHERE id = $1",
      [id],
    );
    return row;
  }

  test("the lesson's example runs as written", async () => {
    const u = await run('await User.create({ username: "adib" })', () => Account.create({ username: "adib" }));
    u.username = "adib_dev";
    await run('u.username = "adib_dev"; await u.save()', () => u.save());
    const users = await run('await User.select().where(User.username.startsWith("a")).limit(10).all()', () =>
      Account.select().where(Account.username.startsWith("a")).limit(10).all(),
    );
    expectEqual(
      'the usernames of await User.select().where(User.username.startsWith("a")).limit(10).all()',
      ["adib_dev"],
      users.map((user) => user.username),
    );
  });

  test("save() after one assignment sends one UPDATE that sets only that column", async () => {
    const account = await run('await Account.create({ username: "one" })', () => Account.create({ username: "one" }));
    const writes = await writesDuring(db().url, "accounts", async () => {
      account.email = "one@example.org";
      await run('account.email = "one@example.org"; await account.save()', () => account.save());
    });
    expectWrites(
      'account.email = "one@example.org"; await account.save()',
      [{ op: "UPDATE", columns: ["email"] }],
      writes,
      "Compare each field's value with the value the row is known to hold; SET only those that differ.",
    );
    expectEqual(
      "then the row's email, read by the checks' own client",
      "one@example.org",
      (await rowOf(account.id))?.email,
    );
  });

  test("save() with nothing changed sends nothing at all", async () => {
    const created = await run('await Account.create({ username: "still", seenAt: … })', () =>
      Account.create({ username: "still", seenAt: new Date("2024-05-01T00:00:00Z") }),
    );
    const url = db().url;
    const hint =
      "A save() with no difference between the instance and its row returns at once: no UPDATE, no SELECT, nothing.";
    await expectNothingSent("await account.save(), right after create()", url, session, () => created.save(), hint);
    await expectNothingSent("await account.save() a second time", url, session, () => created.save(), hint);
    const found = await run(`await Account.find(${created.id})`, () => Account.find(created.id));
    if (!found) throw new Error("find() returned null for a row create() made");
    await expectNothingSent("await (await Account.find(id)).save()", url, session, () => found.save(), hint);
    await expectNothingSent(
      'account.username = "still"; account.seenAt = new Date(the same instant); account.prefs = {}; await account.save()',
      url,
      session,
      async () => {
        found.username = "still";
        found.seenAt = new Date("2024-05-01T00:00:00Z");
        found.prefs = {};
        await found.save();
      },
      "Compare by value, not by identity or by whether the setter ran: a value set back to what the row holds is no change.",
    );
  });

  test("a JSON document or a Date changed in place counts as a change", async () => {
    const account = await run('await Account.create({ username: "mutable", prefs: { tags: [] }, seenAt: … })', () =>
      Account.create({ username: "mutable", prefs: { tags: [] }, seenAt: new Date("2024-01-01T00:00:00Z") }),
    );
    const prefsWrites = await writesDuring(db().url, "accounts", async () => {
      account.prefs.tags?.push("admin");
      await run('account.prefs.tags.push("admin"); await account.save()', () => account.save());
    });
    expectWrites(
      'account.prefs.tags.push("admin"); await account.save()',
      [{ op: "UPDATE", columns: ["prefs"] }],
      prefsWrites,
      "The setter never ran: only a comparison with a copy of what the row holds (structuredClone) sees this change.",
    );
    const dateWrites = await writesDuring(db().url, "accounts", async () => {
      account.seenAt?.setUTCFullYear(2025);
      await run("account.seenAt.setUTCFullYear(2025); await account.save()", () => account.save());
    });
    expectWrites(
      "account.seenAt.setUTCFullYear(2025); await account.save()",
      [{ op: "UPDATE", columns: ["seen_at"] }],
      dateWrites,
      "A Date is an object too: keep a copy of the row's, not the same object.",
    );
    expectEqual(
      "then the row, read by the checks' own client",
      { prefs: { tags: ["admin"] }, seen_at: new Date("2025-01-01T00:00:00Z") },
      await rowOf(account.id).then((row) => ({ prefs: row?.prefs, seen_at: row?.seen_at })),
    );
  });

  test("two instances of one row that change different columns keep both changes", async () => {
    const created = await run('await Account.create({ username: "shared" })', () =>
      Account.create({ username: "shared" }),
    );
    const first = await run("await Account.find(id)", () => Account.find(created.id));
    const second = await run("await Account.find(id), again", () => Account.find(created.id));
    if (!first || !second) throw new Error("find() returned null for a row create() made");
    first.email = "shared@example.org";
    second.karma = 42;
    await run(
      'first.email = "shared@example.org"; second.karma = 42; await first.save(); await second.save()',
      async () => {
        await first.save();
        await second.save();
      },
    );
    expectEqual(
      "two instances read from one row; one changes email, the other karma; both save; then the row",
      { email: "shared@example.org", karma: 42 },
      await rowOf(created.id).then((row) => ({ email: row?.email, karma: row?.karma })),
      "An UPDATE that sets every column writes back the stale values the instance read, undoing the other's change (a lost update).",
    );
  });

  test("a new instance's save() inserts it; the next save() updates only what changed", async () => {
    const account = new Account({ username: "fresh" });
    const insert = await writesDuring(db().url, "accounts", () =>
      run('await new Account({ username: "fresh" }).save()', () => account.save()),
    );
    expectWrites(
      'await new Account({ username: "fresh" }).save()',
      [{ op: "INSERT", columns: [] }],
      insert,
      "A new instance has no row yet: save() inserts it.",
    );
    const update = await writesDuring(db().url, "accounts", async () => {
      account.karma = 3;
      await run("account.karma = 3; await account.save()", () => account.save());
    });
    expectWrites(
      "account.karma = 3; await account.save(), after the insert",
      [{ op: "UPDATE", columns: ["karma"] }],
      update,
      "After the INSERT the instance is stored: take the row RETURNING gave as what the row holds, and save() updates from there on.",
    );
    await expectNothingSent(
      "await account.save(), with nothing changed since",
      db().url,
      session,
      () => account.save(),
      "After a successful save the row holds the instance's values: there is nothing left to send.",
    );
  });

  test("a failed save() keeps its change: the next save() sends it again", async () => {
    const account = await run('await Account.create({ username: "careful", karma: 5 })', () =>
      Account.create({ username: "careful", karma: 5 }),
    );
    account.karma = -1;
    const hint =
      "Take a value as what the row holds only after the server accepted it: a failed UPDATE leaves the row, and so the instance's changes, as they were.";
    await expectFailure("account.karma = -1; await account.save()", CheckViolation, () => account.save(), hint);
    await expectFailure(
      "await account.save() again, with karma still -1",
      CheckViolation,
      () => account.save(),
      `${hint} The change is still there, so the second save() must send it again (and fail again).`,
    );
    expectEqual("the row's karma after the failed saves", 5, (await rowOf(account.id))?.karma);
    const writes = await writesDuring(db().url, "accounts", async () => {
      account.karma = 7;
      account.email = "careful@example.org";
      await run('account.karma = 7; account.email = "careful@example.org"; await account.save()', () => account.save());
    });
    expectWrites(
      'account.karma = 7; account.email = "careful@example.org"; await account.save()',
      [{ op: "UPDATE", columns: ["email", "karma"] }],
      writes,
      hint,
    );
  });
});
