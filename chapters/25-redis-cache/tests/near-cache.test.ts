// Stage 25.6: the near cache. With nearCacheSize, a service keeps the names it knows are taken
// in its own memory: a warm check of one sends nothing anywhere. "Free" answers never stay
// there, since another process's claim can break them; and it holds no more names than it is
// given, dropping the one unused the longest. Every check is traced: the statements that reached
// the shards and the Redis commands sent.
import { Availability } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { expectEqual, expectRefusal, expectThat, run } from "../../24-sharded-storage/tests/expect.ts";
import { traced, useWorld } from "./fixtures/world.ts";

const HINT = "read the lesson's section The near cache";

await stageWith([postgres, redis], "25.6", (pg, rd) => {
  const world = useWorld(pg, rd, 2_000);

  /** What a check sent, for a failure report. */
  async function sent(service: Availability, typed: string) {
    const { result, statements, commands } = await traced(world, service, typed);
    return { available: result?.available, source: result?.source, redis: commands, shards: statements };
  }

  test("a taken name checked once is answered from memory after: no Redis command, no shard query", async () => {
    const service = world.open({ bloom: world.saturated(), nearCacheSize: 1_000 });
    for (const { typed } of world.taken().slice(0, 20)) {
      await run(`check(${JSON.stringify(typed)})`, () => service.check(typed));
      const again = await sent(service, typed);
      expectThat(
        `check(${JSON.stringify(typed)}) again, with nearCacheSize 1000`,
        again.available === false && again.source === "cache" && again.redis.length === 0 && again.shards.length === 0,
        'available: false, source "cache", nothing sent to Redis or the shards',
        again,
        'after bloom.has(), look in the near cache; put every "taken" a shard or Redis tells you into it',
      );
    }
  });

  test('a "free" answer never stays in the near cache: each check of a free name asks Redis', async () => {
    const service = world.open({ bloom: world.saturated(), nearCacheSize: 1_000 });
    for (const { typed } of world.free().slice(0, 20)) {
      await run(`check(${JSON.stringify(typed)})`, () => service.check(typed));
      // The first check answers from a shard; the second reads Redis's "free"; the third must too.
      for (const time of ["second", "third"]) {
        const again = await sent(service, typed);
        expectThat(
          `the ${time} check(${JSON.stringify(typed)}) of a free name, with nearCacheSize 1000`,
          again.available === true && again.source === "cache" && again.redis.length > 0,
          'available: true, source "cache", read from Redis (a GET)',
          again,
          'only "taken" may stay in process memory: another process may claim a free name at any moment, and only the shared cache hears of it',
        );
      }
    }
  });

  test('every "taken" it learns goes in: from the shared cache, from checkMany() and from claim()', async () => {
    const writer = world.open({ bloom: world.saturated() }, "a first process: new Availability({ … })");
    const names = world.taken().slice(100, 140);
    await run("the first process checks 40 taken names (the cache learns them)", () =>
      writer.checkMany(names.map((n) => n.typed)),
    );
    const reader = world.open({ bloom: world.saturated(), nearCacheSize: 1_000 });
    for (const { typed } of names.slice(0, 10)) {
      const first = await sent(reader, typed);
      expectEqual(`another process's first check(${JSON.stringify(typed)}): source`, "cache", first.source);
      const again = await sent(reader, typed);
      expectThat(
        `and its second check(${JSON.stringify(typed)})`,
        again.available === false && again.redis.length === 0 && again.shards.length === 0,
        "taken, with nothing sent: the first answer came from Redis and went into the near cache",
        again,
        HINT,
      );
    }
    const rest = names.slice(10).map((n) => n.typed);
    await run(`checkMany() of ${rest.length} taken names`, () => reader.checkMany(rest));
    const commands = await world
      .commands()
      .during(() => run("checkMany() of them again", () => reader.checkMany(rest)));
    expectEqual(
      `Redis commands sent by a second checkMany() of ${rest.length} taken names`,
      [],
      commands,
      'checkMany() consults the near cache before its MGET, and puts every "taken" of the MGET into it',
    );
    const claimer = world.open({ bloom: world.saturated(), nearCacheSize: 1_000 });
    const { typed } = world.free()[300]!;
    await run(`claim(${JSON.stringify(typed)})`, () => claimer.claim(typed));
    const after = await sent(claimer, typed);
    expectThat(
      `check(${JSON.stringify(typed)}) after this process claimed it`,
      after.available === false && after.redis.length === 0 && after.shards.length === 0,
      "taken, with nothing sent",
      after,
      'a claim is a "taken" this process learns first-hand: into the near cache with it',
    );
  });

  test("holds at most nearCacheSize names, dropping the one unused the longest", async () => {
    const service = world.open({ bloom: world.saturated(), nearCacheSize: 50 });
    const names = world
      .taken()
      .slice(200, 260)
      .map((n) => n.typed);
    const checkAll = (list: string[]) =>
      run(`check() of ${list.length} taken names in turn`, async () => {
        for (const name of list) await service.check(name);
      });
    await checkAll(names.slice(0, 50));
    // The first name is used again: now the second is the one unused the longest.
    await checkAll(names.slice(0, 1));
    await checkAll(names.slice(50, 60));
    const quiet = async (name: string) => (await sent(service, name)).redis.length === 0;
    // Hits first: a name fetched again from Redis goes back in, and would push another out.
    const held: Record<string, boolean> = {};
    held["the first (used again)"] = await quiet(names[0]!);
    held["the twelfth"] = await quiet(names[11]!);
    held["the last"] = await quiet(names[59]!);
    held["the second to the eleventh (unused the longest)"] = (await quiet(names[1]!)) || (await quiet(names[10]!));
    expectEqual(
      "with nearCacheSize 50: 50 taken names checked, the first again, then 10 more — which are answered with nothing sent",
      {
        "the first (used again)": true,
        "the twelfth": true,
        "the last": true,
        "the second to the eleventh (unused the longest)": false,
      },
      held,
      "past its size, drop the least recently used name: a Set iterates in insertion order, so delete and re-add a name on every hit, and drop the first",
    );
  });

  test("nearCacheSize is off by default, and out of range is a RangeError naming it", async () => {
    const service = world.open({ bloom: world.saturated() });
    const { typed } = world.taken()[400]!;
    await run(`check(${JSON.stringify(typed)})`, () => service.check(typed));
    const again = await sent(service, typed);
    expectThat(
      `check(${JSON.stringify(typed)}) again, without nearCacheSize`,
      again.source === "cache" && again.redis.length > 0,
      "read from Redis: no near cache unless asked for (it is safe only while names are never released)",
      again,
      HINT,
    );
    for (const value of [-1, 1.5, Number.NaN, 10_000_001])
      await expectRefusal(
        `new Availability({ …, nearCacheSize: ${value} })`,
        () => new Availability(world.options({ nearCacheSize: value })),
        RangeError,
        "nearCacheSize",
        "a whole number of names from 0 to MAX_NEAR_CACHE_SIZE",
      );
  });
});
