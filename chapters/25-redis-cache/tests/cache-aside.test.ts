// Stage 25.1: one check() through the three layers. Your service talks to the shards through a
// relay that lists the statements it sends, and to Redis through one that lists its commands;
// what it cached is read back by the checks' own Redis client, value and PTTL.
import { type Availability, type CheckResult, HashRing } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { expectEqual, expectThat, run, show } from "../../24-sharded-storage/tests/expect.ts";
import { witness } from "../../24-sharded-storage/tests/fixtures/shards.ts";
import { FOUR, traced as tracedCheck, useWorld } from "./fixtures/world.ts";

const NAMES = 4_000;
const HINT = "read the lesson's section The availability path";
const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
/** Upper case maps back to the same name for ASCII only (the Turkish ı would not come back). */
const ASCII = /^[\x20-\x7e]*$/;

await stageWith([postgres, redis], "25.1", (pg, rd) => {
  const world = useWorld(pg, rd, NAMES);

  const traced = (service: Availability, name: string) => tracedCheck(world, service, name);

  const shape = (r: CheckResult | undefined) =>
    r && { name: r.name, normalized: r.normalized, available: r.available, source: r.source };

  test("a name the Bloom filter never saw is available at once: source bloom, no Redis command, no shard query", async () => {
    const service = world.open();
    const bloom = world.bloom();
    const names = world
      .free()
      .filter((n) => !bloom.has(n.key))
      .slice(0, 50);
    for (const { typed, key } of names) {
      const { result, statements, commands } = await traced(service, typed);
      expectEqual(
        `check(${JSON.stringify(typed)})`,
        { name: typed, normalized: key, available: true, source: "bloom" },
        shape(result),
        'the filter says "certainly not taken": that is the answer, with nothing else asked',
      );
      expectThat(
        `what check(${JSON.stringify(typed)}) sent`,
        statements.length === 0 && commands.length === 0,
        "nothing: no Redis command, no shard query",
        { redis: commands, shards: statements },
        "ask the filter before Redis: most free names never leave the process",
      );
    }
  });

  test('a taken name is read from its shard once, cached as "taken" for about a day, then answered by the cache', async () => {
    const service = world.open({ takenTtlMs: DAY, jitter: 0.1 });
    const { typed, key } = world.taken().find((n) => ASCII.test(n.typed))!;
    const first = await traced(service, typed);
    expectEqual(
      `check(${JSON.stringify(typed)}) of a taken name, nothing cached`,
      { name: typed, normalized: key, available: false, source: "db" },
      shape(first.result),
      HINT,
    );
    expectEqual(`shard queries of that first check`, 1, first.statements.length, "one existsMany() of the one name");
    const cacheKey = `${world.prefix()}${key}`;
    const [value, pttl] = [await world.redis().get(cacheKey), await world.redis().pttl(cacheKey)];
    expectThat(
      `GET and PTTL of "${cacheKey}" after it`,
      value === "taken" && pttl > DAY * 0.9 - 60_000 && pttl <= DAY,
      `"taken", with a PTTL from ${DAY * 0.9} (a day less 10% jitter) to ${DAY} ms`,
      { value, pttl },
      "write the shard's answer back under keyPrefix + the canonical name, SET … PX with the taken TTL, jittered down",
    );
    const second = await traced(service, typed.toUpperCase());
    expectThat(
      `then check(${JSON.stringify(typed.toUpperCase())})`,
      second.result?.available === false && second.result.source === "cache" && second.statements.length === 0,
      "available: false, source cache, no shard query",
      { result: shape(second.result), shardQueries: second.statements },
      "look the canonical name up in the cache before the shards: every typed form of it hits the same key",
    );
  });

  test('a free name that passes the filter is read from its shard, cached as "free" for about a minute, then answered by the cache', async () => {
    // Every bit set: the filter answers "maybe" to every name, so free names reach the cache too.
    const service = world.open({ bloom: world.saturated(), freeTtlMs: MINUTE, jitter: 0.1 });
    const { typed, key } = world.free()[0]!;
    const first = await traced(service, typed);
    expectEqual(
      `check(${JSON.stringify(typed)}) of a free name through a filter that says "maybe" to all`,
      { name: typed, normalized: key, available: true, source: "db" },
      shape(first.result),
      HINT,
    );
    const cacheKey = `${world.prefix()}${key}`;
    const [value, pttl] = [await world.redis().get(cacheKey), await world.redis().pttl(cacheKey)];
    expectThat(
      `GET and PTTL of "${cacheKey}"`,
      value === "free" && pttl > MINUTE * 0.9 - 5_000 && pttl <= MINUTE,
      `"free", with a PTTL from ${MINUTE * 0.9} to ${MINUTE} ms`,
      { value, pttl },
      "a free answer is cached briefly: the freeTtlMs, jittered down",
    );
    const second = await traced(service, typed);
    expectEqual(
      "check() of it again: source, shard queries",
      ["cache", true, 0],
      [second.result?.source, second.result?.available, second.statements.length],
    );
  });

  test("TTLs are jittered down, never up: 300 names cached at once expire spread over the last 10% of their TTL", async () => {
    const service = world.open({ bloom: world.saturated(), freeTtlMs: MINUTE, takenTtlMs: 10 * MINUTE, jitter: 0.1 });
    const names = [...world.taken().slice(100, 250), ...world.free().slice(100, 250)];
    await run(`check() of ${names.length} names at once`, () => Promise.all(names.map((n) => service.check(n.typed))));
    for (const [label, ttl, group] of [
      ["free", MINUTE, world.free().slice(100, 250)],
      ["taken", 10 * MINUTE, world.taken().slice(100, 250)],
    ] as const) {
      const pttls = await Promise.all(group.map((n) => world.redis().pttl(`${world.prefix()}${n.key}`)));
      const low = Math.min(...pttls);
      const high = Math.max(...pttls);
      expectThat(
        `PTTL of the ${group.length} "${label}" entries (TTL ${ttl} ms, jitter 0.1)`,
        low > ttl * 0.9 - 5_000 && high <= ttl && high - low > ttl * 0.1 * 0.5,
        `all from ${ttl * 0.9} to ${ttl} ms, spread over more than half of that range`,
        { lowest: low, highest: high, sample: show(pttls.slice(0, 6)) },
        "take a random part of up to jitter·ttl off each TTL: names cached together must not expire together, and no answer may live longer than its TTL",
      );
    }
  });

  test('a "free" answer lives only as long as its TTL: a name taken behind the cache\'s back is seen as taken once it expires', async () => {
    const service = world.open({ bloom: world.saturated(), freeTtlMs: 300, jitter: 0 });
    const { typed, key } = world.free()[1]!;
    expectEqual(
      `check(${JSON.stringify(typed)})`,
      [true, "db"],
      await run("check()", async () => {
        const r = await service.check(typed);
        return [r.available, r.source];
      }),
    );
    // Another writer takes the name straight on its shard, and never tells the cache.
    const url = world.urls()[FOUR.indexOf(new HashRing(FOUR).pick(key))]!;
    await witness(url, "INSERT INTO usernames (name, typed) VALUES ($1, $2)", [key, typed]);
    const pttl = await world.redis().pttl(`${world.prefix()}${key}`);
    expectThat(
      'PTTL of its "free" entry with freeTtlMs 300, jitter 0',
      pttl > 0 && pttl <= 300,
      "from 1 to 300 ms",
      pttl,
      "the TTL option, in milliseconds (PX), as given",
    );
    await new Promise((resolve) => setTimeout(resolve, pttl + 50));
    const after = await run("check() after the entry expired", () => service.check(typed));
    expectEqual(
      `check(${JSON.stringify(typed)}) after its "free" expired (taken meanwhile on the shard)`,
      [false, "db"],
      [after?.available, after?.source],
      "an expired entry is a miss: ask the shard again",
    );
  });
});
