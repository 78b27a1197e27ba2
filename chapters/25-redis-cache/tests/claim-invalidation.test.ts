// Stage 25.3: claims and the cache. Each "process" below is an Availability of its own, with its
// own shard set and Redis client, sharing the shards and the cache. The last check makes the
// write-back race happen on purpose: the relay in front of the shards holds the answer to one
// reader's query until another process has claimed the name, so the reader's "free" (true when
// the shard said it) reaches Redis after the claim's "taken" — and must not win.
import { BloomFilter, NameTakenError } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { within } from "../../../shared/check/budget.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { expectEqual, expectThat, run, settle, showError } from "../../24-sharded-storage/tests/expect.ts";
import { LOOKUP, useWorld } from "./fixtures/world.ts";

const HINT = "read the lesson's section Claims and the write-back race";
const DAY = 24 * 60 * 60 * 1000;

await stageWith([postgres, redis], "25.3", (pg, rd) => {
  const world = useWorld(pg, rd, 2_000);
  const cached = (key: string) => world.redis().get(`${world.prefix()}${key}`);

  test('a claim overwrites the cached "free": the next check() says taken, from the cache, with the long TTL', async () => {
    const service = world.open({ bloom: world.saturated(), takenTtlMs: DAY });
    for (const { typed, key } of world.free().slice(0, 20)) {
      const before = await run(`check(${JSON.stringify(typed)})`, () => service.check(typed));
      expectEqual(`check(${JSON.stringify(typed)}) before the claim`, true, before?.available);
      expectEqual(`the cached value of "${key}" before the claim`, "free", await cached(key));
      const row = await run(`claim(${JSON.stringify(typed)})`, () => service.claim(typed));
      expectEqual(`claim(${JSON.stringify(typed)}): the row's name`, key, row?.name, "resolve with the shard's row");
      const [value, pttl] = [await cached(key), await world.redis().pttl(`${world.prefix()}${key}`)];
      expectThat(
        `GET and PTTL of "${world.prefix()}${key}" once claim() returned`,
        value === "taken" && pttl > DAY * 0.9 - 60_000,
        `"taken", with the taken TTL (about ${DAY} ms)`,
        { value, pttl },
        'a cached "free" is wrong the moment the claim commits: overwrite it with "taken" before claim() returns',
      );
      const after = await run(`check(${JSON.stringify(typed)}) after the claim`, () => service.check(typed));
      expectEqual(
        `check(${JSON.stringify(typed)}) after claim(): available, source`,
        [false, "cache"],
        [after?.available, after?.source],
        HINT,
      );
    }
  });

  test('a claim adds the name to the filter: a check that the filter would have answered "free" now says taken', async () => {
    // An empty filter: every name is "certainly not taken" until it is added.
    const bloom = BloomFilter.forCapacity(10_000, 0.01);
    const service = world.open({ bloom });
    const { typed, key } = world.free()[30]!;
    const before = await run(`check(${JSON.stringify(typed)})`, () => service.check(typed));
    expectEqual(
      `check(${JSON.stringify(typed)}) before the claim: available, source`,
      [true, "bloom"],
      [before?.available, before?.source],
    );
    await run(`claim(${JSON.stringify(typed)})`, () => service.claim(typed));
    expectEqual(`bloom.has("${key}") after the claim`, true, bloom.has(key), "add the canonical name to the filter");
    const after = await run(`check(${JSON.stringify(typed)}) after the claim`, () => service.check(typed));
    expectEqual(`check(${JSON.stringify(typed)}) after claim(): available`, false, after?.available, HINT);
  });

  test('a claim in one process is seen by another\'s next check(), and a second claim is a NameTakenError that caches "taken"', async () => {
    const a = world.open({ bloom: world.saturated() }, "process A: new Availability(…)");
    const b = world.open({ bloom: world.saturated() }, "process B: new Availability(…)");
    const { typed, key } = world.free()[40]!;
    expectEqual(`B: check(${JSON.stringify(typed)})`, true, (await run("B: check()", () => b.check(typed)))?.available);
    await run(`A: claim(${JSON.stringify(typed)})`, () => a.claim(typed));
    const seen = await run(`B: check(${JSON.stringify(typed)}) after A's claim`, () => b.check(typed));
    expectEqual(`B: check(${JSON.stringify(typed)}) after A's claim: available`, false, seen?.available, HINT);
    const { typed: other, key: otherKey } = world.taken()[40]!;
    const again = await settle(`A: claim(${JSON.stringify(other)}) (taken on its shard, not cached)`, () =>
      a.claim(other),
    );
    expectThat(
      `A: claim(${JSON.stringify(other)}) of a taken name`,
      !again.ok && again.error instanceof NameTakenError,
      "a NameTakenError (chapter 24)",
      again.ok ? again.value : showError(again.error),
    );
    expectEqual(
      `the cached value of "${otherKey}" after the refused claim`,
      "taken",
      await cached(otherKey),
      'the refusal is news too: cache "taken"',
    );
    expectEqual(`the cached value of "${key}"`, "taken", await cached(key));
  });

  test('a reader that read "free" before a claim and writes it back after cannot make the cache say "free"', async () => {
    const reader = world.open({ bloom: world.saturated() }, "the reader: new Availability(…)");
    const claimer = world.open({ bloom: world.saturated() }, "the claimer: new Availability(…)");
    const { typed, key } = world.free()[60]!;
    const relay = world.pg();
    // Sessions open first: the relay must hold a query's answer, not a connection's handshake.
    await run("the reader's checkMany() of a name per shard (opens its sessions)", () =>
      reader.checkMany(
        world
          .taken()
          .slice(200, 260)
          .map((n) => n.typed),
      ),
    );
    const held = relay.holdReplies(LOOKUP);
    let reading: Promise<unknown> = Promise.resolve();
    try {
      reading = reader.check(typed).catch((error: unknown) => error);
      await within(
        `the reader's check(${JSON.stringify(typed)}) sending its shard query`,
        held,
        10_000,
        "with nothing cached, check() must ask the shard",
      );
      // The shard has answered "free"; the reader has not heard it. Now the claim, start to end.
      await run(`the claimer's claim(${JSON.stringify(typed)}) while the reader's answer is held`, () =>
        claimer.claim(typed),
      );
    } finally {
      relay.release();
    }
    const late = await within("the reader's check() once its answer arrives", reading, 10_000);
    expectEqual(
      `the reader's check(${JSON.stringify(typed)}), begun before the claim: available`,
      true,
      (late as { available?: boolean })?.available,
      'it read the shard before the claim: "free" was true then',
    );
    const value = await cached(key);
    const again = await run(`the reader's check(${JSON.stringify(typed)}) again`, () => reader.check(typed));
    expectThat(
      "the cached value, and the reader's next check()",
      value === "taken" && again?.available === false,
      '"taken", and available: false',
      { cached: value, next: again },
      'the late write-back of "free" must not replace the claim\'s "taken": the claim overwrites (SET), the write-back of "free" only creates (SET … NX)',
    );
  });
});
