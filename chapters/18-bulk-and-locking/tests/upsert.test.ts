// Stage 18.4: INSERT … ON CONFLICT from a model: a new key inserts, a taken one updates the row
// there (DO UPDATE) or leaves it (DO NOTHING), in one statement, and the row comes back.
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectThat,
  run,
  settle,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "../../15-transactions/tests/tx.ts";
import { ACCOUNTS, Account } from "./fixtures/accounts.ts";

const view = (a: Account | null) =>
  a ? { id: a.id, email: a.email, owner: a.owner, visits: a.visits, version: a.version } : a;

await stageWith([postgres], "18.4", (service) => {
  const { db, configure } = useTransactionDatabase(service, "upsert", ACCOUNTS);
  const stored = () => witness(db().url, "SELECT id, email, owner, visits, version FROM accounts ORDER BY id");

  test("inserts a new key, and on a taken one updates that row from the new values: one row, version moved on", async () => {
    await witness(db().url, "TRUNCATE accounts RESTART IDENTITY");
    await configure({ pool: 2 });
    const first = 'Account.upsert({ email: "ada@x", owner: "Ada", visits: 1 }, { conflict: ["email"] })';
    const inserted = await run(first, () =>
      Account.upsert({ email: "ada@x", owner: "Ada", visits: 1 }, { conflict: ["email"] }),
    );
    expectEqual(
      first,
      { id: 1, email: "ada@x", owner: "Ada", visits: 1, version: 1 },
      view(inserted),
      "No conflict: the row is inserted and RETURNING brings back what the server filled in.",
    );
    const second = 'then Account.upsert({ email: "ada@x", owner: "Ada L.", visits: 7 }, { conflict: ["email"] })';
    const updated = await run(second, () =>
      Account.upsert({ email: "ada@x", owner: "Ada L.", visits: 7 }, { conflict: ["email"] }),
    );
    expectEqual(
      second,
      { id: 1, email: "ada@x", owner: "Ada L.", visits: 7, version: 2 },
      view(updated),
      "ON CONFLICT (email) DO UPDATE SET owner = EXCLUDED.owner, visits = EXCLUDED.visits, version = accounts.version + 1 … RETURNING every column.",
    );
    expectEqual(
      `${second}; then SELECT * FROM accounts`,
      [{ id: 1, email: "ada@x", owner: "Ada L.", visits: 7, version: 2 }],
      await stored(),
    );
  });

  test("updates only the fields named in update, and DO NOTHING leaves the row and resolves with null", async () => {
    await witness(db().url, "TRUNCATE accounts RESTART IDENTITY");
    await configure({ pool: 2 });
    await run('Account.create({ email: "bo@x", owner: "Bo" })', () => Account.create({ email: "bo@x", owner: "Bo" }));
    const named =
      'Account.upsert({ email: "bo@x", owner: "Bob", visits: 9 }, { conflict: ["email"], update: ["owner"] })';
    const updated = await run(named, () =>
      Account.upsert({ email: "bo@x", owner: "Bob", visits: 9 }, { conflict: ["email"], update: ["owner"] }),
    );
    expectEqual(
      named,
      { id: 1, email: "bo@x", owner: "Bob", visits: 0, version: 2 },
      view(updated),
      "Only the fields in update are set from EXCLUDED; visits stays what the row held.",
    );
    const nothing = 'Account.upsert({ email: "bo@x", owner: "Robert" }, { conflict: ["email"], update: "nothing" })';
    const ignored = await run(nothing, () =>
      Account.upsert({ email: "bo@x", owner: "Robert" }, { conflict: ["email"], update: "nothing" }),
    );
    expectEqual(
      nothing,
      null,
      view(ignored),
      "ON CONFLICT DO NOTHING returns no row when it conflicts: resolve with null.",
    );
    const fresh = 'Account.upsert({ email: "cy@x", owner: "Cy" }, { conflict: ["email"], update: "nothing" })';
    const added = await run(fresh, () =>
      Account.upsert({ email: "cy@x", owner: "Cy" }, { conflict: ["email"], update: "nothing" }),
    );
    const { id: _id, ...addedView } = view(added) ?? { id: 0 };
    expectEqual(
      fresh,
      { email: "cy@x", owner: "Cy", visits: 0, version: 1 },
      addedView,
      "No conflict: DO NOTHING still inserts, and the row comes back.",
    );
    // The ids are left out: an identity value is taken before the conflict is found, so each conflicting attempt used one.
    const rows = (await stored()).map(({ id: _key, ...rest }) => rest);
    expectEqual(
      `${nothing}; then SELECT * FROM accounts`,
      [
        { email: "bo@x", owner: "Bob", visits: 0, version: 2 },
        { email: "cy@x", owner: "Cy", visits: 0, version: 1 },
      ],
      rows,
    );
  });

  test("two upserts of one new key at once both succeed, on one row: no window between a read and an insert", async () => {
    await witness(db().url, "TRUNCATE accounts RESTART IDENTITY");
    await configure({ pool: 4 });
    const sent =
      'Promise.all(4 × Account.upsert({ email: "dup@x", owner: "n" }, { conflict: ["email"] })) on a pool of 4';
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((n) => settle(sent, Account.upsert({ email: "dup@x", owner: `${n}` }, { conflict: ["email"] }))),
    );
    expectThat(
      sent,
      outcomes.every((o) => o.ok),
      "every upsert resolved",
      outcomes.map(showOutcome).join("; "),
      "One INSERT … ON CONFLICT statement: the server serialises the conflict itself. A SELECT then an INSERT lets two sessions both insert.",
    );
    const rows = await stored();
    expectEqual(
      `${sent}; then SELECT count(*), max(version)`,
      { rows: 1, version: 4 },
      { rows: rows.length, version: rows[0]?.version },
      "One row, updated by three of them: its version moved on three times.",
    );
  });
});
