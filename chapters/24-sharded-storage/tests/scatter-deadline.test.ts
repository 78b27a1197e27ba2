// Stage 24.3: scatter-gather with a deadline. The checks plant names on four shards with their
// own client, then ask every shard at once. To make shards slow on purpose, the checks hold a
// lock on the usernames table of two of them (LOCK … ACCESS EXCLUSIVE in an open transaction):
// a query there waits until the deadline, and must then be cancelled by the server, not
// abandoned by the client — pg_stat_activity, read right after scatter() returns, shows it gone.
import { HashRing, ShardSet } from "@lab/src/unamex/index.ts";
import type pg from "pg";
import pgDriver from "pg";
import { afterAll, beforeAll, test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { call, expectEqual, expectThat, run, show } from "./expect.ts";
import { generatedNames } from "./fixtures/names.ts";
import { shardNames, TABLE_SQL, useShardDatabases, witness } from "./fixtures/shards.ts";

const FOUR = shardNames(4);
const NAMES = 4_000;
/** The deadline the checks give: long enough for an unlocked shard on a busy machine, short enough to wait out. */
const DEADLINE_MS = 1_500;
/** After the deadline, time for the cancelled statements' errors and ROLLBACKs to come back. */
const SLACK_MS = 1_000;
const COUNT = { sql: "SELECT count(*)::int AS n FROM usernames" } as const;

await stageWith([postgres], "24.3", (service) => {
  let set: ShardSet | undefined;
  const dbs = useShardDatabases(service, 4, async () => set?.close());
  afterAll(() => set?.close());
  const ring = new HashRing(FOUR);
  const expectedCounts: number[] = [];
  let aKeys: string[] = [];

  beforeAll(async () => {
    const { names } = await generatedNames(NAMES);
    aKeys = names
      .map((n) => n.key)
      .filter((k) => k.startsWith("a"))
      .sort();
    for (const [i, url] of dbs.urls().entries()) {
      const here = names.filter((n) => ring.pick(n.key) === FOUR[i]);
      expectedCounts.push(here.length);
      await witness(url, TABLE_SQL);
      await witness(url, "INSERT INTO usernames (name, typed) SELECT * FROM unnest($1::text[], $2::text[])", [
        here.map((n) => n.key),
        here.map((n) => n.typed),
      ]);
    }
  });

  const open = (): ShardSet => (set ??= call("new ShardSet(4 database URLs)", () => new ShardSet(dbs.urls())));

  test("asks every shard and gathers their rows, each shard's result under its name", async () => {
    const set = open();
    const query = { sql: "SELECT name FROM usernames WHERE name LIKE $1 ORDER BY name", params: ["a%"] };
    const what = `set.scatter(${show(query)}, { deadlineMs: 5000 })`;
    const result = await run(what, () => set.scatter<{ name: string }>(query, { deadlineMs: 5_000 }));
    expectEqual(
      `${what}: results[i].shard and .status`,
      FOUR.map((s) => [s, "answered"]),
      result?.results?.map((r) => [r.shard, r.status]),
      "one result per shard, in the set's order",
    );
    expectEqual(
      `${what}: rows (sorted)`,
      aKeys,
      result.rows.map((r) => r.name).sort(),
      "rows: the rows of every shard that answered, put together",
    );
    expectEqual(`${what}: missed, complete`, [[], true], [result.missed, result.complete]);
    const counts = await run("set.scatter(count(*), { deadlineMs: 5000 })", () =>
      set.scatter<{ n: number }>(COUNT, { deadlineMs: 5_000 }),
    );
    expectEqual(
      "the count of each shard, by scatter",
      expectedCounts,
      counts.results.map((r) => (r.status === "answered" ? r.rows[0]?.n : r.status)),
    );
  });

  test(`answers by the deadline when two shards are locked: their names as missed, their statements cancelled on the server`, async () => {
    const set = open();
    const locked = [1, 3];
    const holders: pg.Client[] = [];
    try {
      for (const i of locked) {
        const client = new pgDriver.Client({ connectionString: dbs.urls()[i], application_name: "unamex-24-checks" });
        await client.connect();
        holders.push(client);
        await client.query("BEGIN");
        await client.query("LOCK TABLE usernames IN ACCESS EXCLUSIVE MODE");
      }
      const what = `set.scatter(count(*), { deadlineMs: ${DEADLINE_MS} }) while shard-1 and shard-3 are locked by another session`;
      const started = performance.now();
      const result = await run(
        what,
        () => set.scatter<{ n: number }>(COUNT, { deadlineMs: DEADLINE_MS }),
        DEADLINE_MS + SLACK_MS,
        "the deadline must hold however long a shard would take: SET LOCAL statement_timeout in the shard's transaction, so that the server cancels what is still running",
      );
      const ms = Math.round(performance.now() - started);
      expectEqual(
        `${what}: each shard's status`,
        FOUR.map((s, i) => [s, locked.includes(i) ? "missed" : "answered"]),
        result?.results?.map((r) => [r.shard, r.status]),
        "run the shards side by side, each with what is left of the deadline; a statement cancelled by statement_timeout (57014, QueryCanceled) is a miss, not a failure",
      );
      expectEqual(`${what}: missed, complete`, [["shard-1", "shard-3"], false], [result.missed, result.complete]);
      expectEqual(
        `${what}: the rows of the shards that answered`,
        [expectedCounts[0], expectedCounts[2]],
        result.rows.map((r) => r.n),
      );
      for (const i of locked) {
        const active = await witness<{ query: string; state: string }>(
          dbs.urls()[i]!,
          "SELECT query, state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'unamex-24-checks' AND state = 'active'",
        );
        expectThat(
          `${what}: statements still running on ${FOUR[i]} when it returned (after ${ms} ms)`,
          active.length === 0,
          "none: the server cancelled the missed statement",
          active,
          "a timer in the client stops the wait, not the statement: let the server cancel it (statement_timeout), and return once it has",
        );
      }
    } finally {
      for (const client of holders) await client.end().catch(() => undefined);
    }
  });
});
