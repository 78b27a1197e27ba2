// Stage 26.3: the Redis engine. Your RedisPrefix talks to Redis through a relay that counts the
// commands it sends (chapter 22's fixtures/command-counter.ts); the sorted set is read back by the
// checks' own client, and every page is compared with the slow model of fixtures/names.ts.
import type { Page } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { redis } from "../../../shared/services/index.ts";
import { expectEqual, expectThat, load, READ, run, show } from "./expect.ts";
import { useRedis } from "./fixtures/engines.ts";
import { allMatches, byteOrder, checkNames, expectedNames, nameCount, seededPrefixes } from "./fixtures/names.ts";
import { MAX_WALK, walk } from "./fixtures/walk.ts";

/** What one page may send: one range read by lex order. */
const RANGE_READS = new Set(["ZRANGEBYLEX", "ZRANGE"]);

await stageWith([redis], "26.3", (service) => {
  const side = useRedis(service, "prefix");
  let loaded: Promise<{ names: string[]; seed: number }> | undefined;
  const names = () =>
    (loaded ??= (async () => {
      const { names, seed } = await checkNames(nameCount("26.3"));
      const added = await load(`engine.load(${names.length} names)`, () => side.engine().load(names));
      expectEqual(
        `engine.load(${names.length} distinct names)`,
        names.length,
        added,
        "resolve with the number of names that were new (ZADD's replies, summed)",
      );
      return { names, seed };
    })());

  test("load() puts every name in one sorted set at score 0, where Redis orders them by their bytes", async () => {
    const { names: all } = await names();
    const stored = await side.witness().zrange(side.key(), 0, -1, "WITHSCORES");
    const members = stored.filter((_, i) => i % 2 === 0);
    const scores = new Set(stored.filter((_, i) => i % 2 === 1));
    expectEqual(`ZCARD of ${show(side.key())}`, all.length, members.length, READ.redis);
    expectEqual(
      `the scores of ${show(side.key())}`,
      ["0"],
      [...scores],
      `every member at score 0: only then is the order the members' bytes; ${READ.redis}`,
    );
    expectEqual(`the members of ${show(side.key())}, in Redis' order`, [...all].sort(byteOrder), members, READ.redis);
    const again = await load("engine.load(the same names again)", () => side.engine().load(all.slice(0, 100)));
    expectEqual("engine.load(100 names already there)", 0, again, "ZADD answers how many members were new");
  });

  test("every page of seeded prefixes is the model's, read with one ZRANGEBYLEX", async () => {
    const { names: all, seed } = await names();
    for (const [i, prefix] of seededPrefixes(all, seed, 200).entries()) {
      const limit = [10, 1, 37][i % 3]!;
      const expected = expectedNames(allMatches(all, prefix), null, limit);
      const what = `engine.search(${show(prefix)}, { limit: ${limit} })`;
      let page: Page | undefined;
      const sent = await side.counter().during(async () => {
        page = await run(what, () => side.engine().search(prefix, { limit }));
      });
      expectThat(
        `the commands ${what} sent to Redis`,
        sent.length === 1 && RANGE_READS.has(sent[0]!),
        "one ZRANGEBYLEX",
        sent.join(", ") || "none",
        `one range read of limit + 1 members: ZRANGEBYLEX key [prefix (successor LIMIT 0 limit+1; ${READ.redis}`,
      );
      expectEqual(
        `${what}.names`,
        expected.names,
        page!.names,
        `"[" includes the prefix itself, "(" excludes the successor; ${READ.redis}. ${reproduceLine(seed, "26", "26.3")}`,
      );
      expectThat(
        `${what}.next`,
        (page!.next !== null) === expected.more,
        expected.more ? "a cursor" : "null",
        show(page!.next),
        READ.cursors,
      );
    }
  });

  test("a walk by cursors visits every match of a prefix once, each page one ZRANGEBYLEX from (the cursor's name", async () => {
    const { names: all, seed } = await names();
    for (const prefix of seededPrefixes(all, seed, 30)) {
      const matches = allMatches(all, prefix);
      if (matches.length > MAX_WALK) continue;
      const { names: visited } = await walk("engine", side.engine, prefix, 9, Math.ceil(matches.length / 9) + 2);
      expectEqual(`every name of the pages of ${show(prefix)}, 9 at a time`, matches, visited, READ.cursors);
    }
  });
});
