// Stage 18.5: a versioned model saves only over the version it read. Two writers on one version:
// exactly one wins, the other gets a StaleRowError and nothing of it is written.
import { StaleRowError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectFailure,
  expectThat,
  run,
  settle,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "../../15-transactions/tests/tx.ts";
import { ACCOUNTS, Account } from "./fixtures/accounts.ts";

await stageWith([postgres], "18.5", (service) => {
  const { db, configure } = useTransactionDatabase(service, "optimistic", ACCOUNTS);
  const row = async () => (await witness(db().url, "SELECT owner, version FROM accounts WHERE id = 1"))[0];
  const fresh = async () => {
    await witness(db().url, "TRUNCATE accounts RESTART IDENTITY");
    await configure({ pool: 2 });
    return run('Account.create({ email: "a@x", owner: "Ada" })', () => Account.create({ email: "a@x", owner: "Ada" }));
  };

  test("a new row starts at version 1, and every save moves it on by one", async () => {
    const account = await fresh();
    expectEqual(
      'Account.create({ email: "a@x", owner: "Ada" }).version',
      1,
      account.version,
      "versioned() gives the field a default of 1.",
    );
    account.owner = "Ada L.";
    await run('account.owner = "Ada L."; await account.save()', () => account.save());
    expectEqual(
      "after one save: account.version",
      2,
      account.version,
      "SET version = the version read + 1, and RETURNING brings it back.",
    );
    expectEqual("after one save: SELECT owner, version FROM accounts", { owner: "Ada L.", version: 2 }, await row());
  });

  test("the second of two writers that read one version gets a StaleRowError, and nothing of it is written", async () => {
    await fresh();
    const [a, b] = await run("a = await Account.find(1); b = await Account.find(1)", () =>
      Promise.all([Account.find(1), Account.find(1)]),
    );
    a!.owner = "written by a";
    b!.owner = "written by b";
    await run("a.save()", () => a!.save());
    const error = await expectFailure(
      "a.save(); then b.save()",
      StaleRowError,
      () => b!.save(),
      "b read version 1, and the row is at 2 now: UPDATE … WHERE id = $1 AND version = 1 matches no row. No row back means someone else won: throw StaleRowError.",
    );
    expectEqual("b.save() — error.expectedVersion", 1, error.expectedVersion);
    expectEqual(
      "a.save(); b.save(); then SELECT owner, version",
      { owner: "written by a", version: 2 },
      await row(),
      "The loser must not overwrite the winner: that is the lost update this prevents.",
    );
    const c = await run('c = await Account.find(1); c.owner = "c"; await c.save()', async () => {
      const c = (await Account.find(1))!;
      c.owner = "c";
      await c.save();
      return c;
    });
    expectEqual("a writer who reads again saves over the new version", 3, c.version);
  });

  test("two writers on one version at once, on two sessions: exactly one wins", async () => {
    for (let round = 0; round < 5; round++) {
      await fresh();
      const [a, b] = await Promise.all([Account.find(1), Account.find(1)]);
      a!.owner = "a";
      b!.owner = "b";
      const sent = "Promise.all([a.save(), b.save()]), both read at version 1, on a pool of 2";
      const outcomes = await Promise.all([settle(sent, a!.save()), settle(sent, b!.save())]);
      const won = outcomes.filter((o) => o.ok).length;
      const stale = outcomes.filter((o) => !o.ok && o.error instanceof StaleRowError).length;
      expectThat(
        sent,
        won === 1 && stale === 1,
        "one save resolves, the other rejects with StaleRowError",
        outcomes.map(showOutcome).join("; "),
        "The row lock makes the second UPDATE wait, then re-check version = 1 on the new row: it matches nothing.",
      );
      const winner = outcomes[0]?.ok ? "a" : "b";
      expectEqual(`${sent}; then SELECT owner, version`, { owner: winner, version: 2 }, await row());
    }
  });
});
