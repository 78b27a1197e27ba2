// Stage 24.5: what a shard set refuses, before it opens a session or sends a statement. Each
// refusal is a typed error whose message names the argument at fault.
import { HashRing, NameRefusedError, ShardSet } from "@lab/src/unamex/index.ts";
import { afterAll, test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { call, expectEqual, expectRefusal } from "./expect.ts";
import { shardNames, useShardDatabases } from "./fixtures/shards.ts";

const HINT = "read the lesson's section Bad input";

await stageWith([postgres], "24.5", (service) => {
  let set: ShardSet | undefined;
  const dbs = useShardDatabases(service, 2, async () => set?.close());
  afterAll(() => set?.close());
  const open = (): ShardSet => (set ??= call("new ShardSet(2 database URLs)", () => new ShardSet(dbs.urls())));

  test("refuses an empty URL list, a repeated URL, a URL that is not a string, and a picker naming a shard the set lacks", async () => {
    const [a, b] = dbs.urls() as [string, string];
    await expectRefusal("new ShardSet([])", () => new ShardSet([]), RangeError, "urls", HINT);
    await expectRefusal(
      "new ShardSet([a, b, a])",
      () => new ShardSet([a, b, a]),
      RangeError,
      "urls[2]",
      "two shards on one database would each count and move the other's rows: refuse the repeat, naming where it is",
    );
    await expectRefusal('new ShardSet([a, ""])', () => new ShardSet([a, ""]), TypeError, "urls[1]", HINT);
    await expectRefusal(
      "new ShardSet(a) (a string, not a list)",
      () => new ShardSet(a as unknown as string[]),
      TypeError,
      "urls",
      HINT,
    );
    await expectRefusal(
      'new ShardSet([a, b], { picker: new HashRing(["shard-0", "shard-7"]) })',
      () => new ShardSet([a, b], { picker: new HashRing(["shard-0", "shard-7"]) }),
      RangeError,
      "shard-7",
      "every node of the picker must be a shard of the set: a name placed on shard-7 would go nowhere",
    );
    const two = open();
    await expectRefusal(
      "set.reshard(new HashRing(shard-0 … shard-2)) on a set of 2 shards",
      () => two.reshard(new HashRing(shardNames(3))),
      RangeError,
      "shard-2",
      "check the new picker as the constructor checks the first, before a key moves",
    );
    expectEqual("set.picker.nodes after the refused reshard", shardNames(2), [...two.picker.nodes]);
  });

  test("refuses a name the policy refuses, naming the argument, on claim, exists and existsMany", async () => {
    const set = open();
    await set.createSchema();
    for (const [what, work, argument] of [
      ['set.claim("admin") (reserved)', () => set.claim("admin"), "name"],
      ['set.claim("") (empty)', () => set.claim(""), "name"],
      ['set.exists("a") (too short)', () => set.exists("a"), "name"],
      [
        'set.existsMany(["ada", "grace", "ab\\u200bc"]) (zero-width space)',
        () => set.existsMany(["ada", "grace", "ab\u200bc"]),
        "names[2]",
      ],
      ['set.shardOf("x".repeat(100))', () => set.shardOf("x".repeat(100)), "name"],
    ] as const)
      await expectRefusal(
        what,
        work,
        NameRefusedError,
        argument,
        "run the name through the policy first (chapter 21): a refusal is a NameRefusedError naming the argument, with the policy's reason",
      );
  });

  test("refuses a deadline or a batch size out of range", async () => {
    const set = open();
    const count = { sql: "SELECT 1" };
    for (const deadlineMs of [0, -5, 1.5, Number.NaN, 60_001])
      await expectRefusal(
        `set.scatter(SELECT 1, { deadlineMs: ${deadlineMs} })`,
        () => set.scatter(count, { deadlineMs }),
        RangeError,
        "deadlineMs",
        HINT,
      );
    for (const batchSize of [0, 2.5, 1_000_001]) {
      await expectRefusal(
        `set.bulkLoad(["ada"], { batchSize: ${batchSize} })`,
        () => set.bulkLoad(["ada"], { batchSize }),
        RangeError,
        "batchSize",
        HINT,
      );
      await expectRefusal(
        `set.reshard(set.picker, { batchSize: ${batchSize} })`,
        () => set.reshard(set.picker, { batchSize }),
        RangeError,
        "batchSize",
        HINT,
      );
    }
  });
});
