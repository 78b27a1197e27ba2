// Stage 25.4: a stampede. A thousand check() calls of one name that nothing has cached start in
// the same tick; the relay in front of the shards counts the statements that reach them, and the
// service's own metrics must say the same.
import type { Availability, MetricsSnapshot } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { call, expectEqual, expectThat, run } from "../../24-sharded-storage/tests/expect.ts";
import { LOOKUP, useWorld } from "./fixtures/world.ts";

const STAMPEDE = 1_000;
const HINT = "read the lesson's section Stampedes and single flight";

await stageWith([postgres, redis], "25.4", (pg, rd) => {
  const world = useWorld(pg, rd, 2_000);
  const metrics = (service: Availability): MetricsSnapshot => call("metrics()", () => service.metrics());

  for (const kind of ["taken", "free"] as const)
    test(`${STAMPEDE} concurrent check() calls of one uncached ${kind} name send one query to the shards`, async () => {
      const service = world.open({ bloom: world.saturated() });
      const { typed, key } = (kind === "taken" ? world.taken() : world.free())[7]!;
      const what = `${STAMPEDE} × check(${JSON.stringify(typed)}) started together, nothing cached`;
      let answers: { available: boolean; source: string }[] = [];
      let sets = 0;
      const statements = await world.pg().during(LOOKUP, async () => {
        const commands = await world.commands().during(async () => {
          answers = await run(what, () => Promise.all(Array.from({ length: STAMPEDE }, () => service.check(typed))));
        });
        sets = commands.filter((c) => c === "SET").length;
      });
      expectThat(
        `${what}: the answers`,
        answers.length === STAMPEDE && answers.every((a) => a.available === (kind === "free") && a.source === "db"),
        `${STAMPEDE} answers, available: ${kind === "free"}, source db`,
        answers.slice(0, 3),
      );
      expectThat(
        `${what}: the statements that reached the shards`,
        statements.length === 1,
        "exactly one",
        `${statements.length}: ${statements.slice(0, 2).join(" | ")}`,
        "a miss that finds a lookup of the same name under way waits for it instead of starting another: one promise per name in flight",
      );
      expectEqual(`${what}: SET commands (the write-back)`, 1, sets, "the one lookup writes its answer back once");
      const m = metrics(service);
      expectEqual(
        `${what}: metrics().db.queries, .singleFlight.joins, .cache.misses, .answered.db`,
        [1, STAMPEDE - 1, STAMPEDE, STAMPEDE],
        [m?.db?.queries, m?.singleFlight?.joins, m?.cache?.misses, m?.answered?.db],
        "count a query per existsMany(), a join per caller that found a flight under way, a miss per name the cache did not have",
      );
      expectEqual(`the cached value of "${key}"`, kind, await world.redis().get(`${world.prefix()}${key}`));
    });

  test("a flight is forgotten once it settles: a later miss of the same name asks again", async () => {
    const service = world.open({ bloom: world.saturated() });
    const { typed, key } = world.taken()[9]!;
    for (const round of [1, 2, 3]) {
      await world.redis().del(`${world.prefix()}${key}`);
      const statements = await world
        .pg()
        .during(LOOKUP, () =>
          run(`round ${round}: 10 × check(${JSON.stringify(typed)}) with its cache entry deleted`, () =>
            Promise.all(Array.from({ length: 10 }, () => service.check(typed))),
          ),
        );
      expectEqual(
        `round ${round}: statements that reached the shards`,
        1,
        statements.length,
        "remove the flight from the map when it settles (then and catch): a flight kept forever answers from memory, never from the shard again",
      );
    }
  });

  test("metrics() counts answers by source, cache hits and misses, the hit ratio, queries and the names they asked", async () => {
    const service = world.open();
    const bloom = world.bloom();
    const taken = world.taken().slice(300, 310);
    const free = world
      .free()
      .filter((n) => !bloom.has(n.key))
      .slice(0, 5);
    const checks = async () => {
      for (const n of [...taken, ...free]) await service.check(n.typed);
    };
    await run("check() of 10 taken and 5 free names", checks);
    await run("the same 15 checks again", checks);
    await run('check("")', () => service.check(""));
    const m = metrics(service);
    expectEqual(
      "metrics() after 10 taken names checked twice, 5 free names twice, and one empty name",
      {
        checks: 31,
        answered: { policy: 1, bloom: 10, cache: 10, db: 10 },
        cache: { hits: 10, misses: 10, hitRatio: 0.5 },
        db: { queries: 10, names: 10 },
        singleFlight: { joins: 0 },
      },
      m,
      "hitRatio = hits / (hits + misses); the filter's answers are neither: they never reach the cache",
    );
    await run("checkMany() of the 10 taken names", () => service.checkMany(taken.map((n) => n.typed)));
    const after = metrics(service);
    expectEqual(
      "metrics() after checkMany() of the 10 taken names (all cached)",
      [41, 20, 20 / 30],
      [after?.checks, after?.cache?.hits, after?.cache?.hitRatio],
      HINT,
    );
  });
});
