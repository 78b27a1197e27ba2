// Stage 26.6: bad input, in every engine. Each bad call must be refused with a TypeError or a
// RangeError whose one-line message names the argument — and, for the Redis engine, before a
// single command reaches the server (counted by the relay).
import { encodeCursor, MAX_LIMIT, PackedPrefixIndex, type PrefixEngine } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { call, expectArgumentError, expectEqual, READ, run } from "./expect.ts";
import { loadBoth, usePostgres, useRedis } from "./fixtures/engines.ts";
import { EDGE_NAMES } from "./fixtures/names.ts";

/** [what the call looks like, the argument its error must name, the call]. */
const BAD: readonly [string, string, (engine: PrefixEngine) => Promise<unknown>][] = [
  ["search(42)", "prefix", (e) => e.search(42 as unknown as string)],
  ["search(null)", "prefix", (e) => e.search(null as unknown as string)],
  ['search("ab\\uD800") (a lone surrogate)', "prefix", (e) => e.search("ab\uD800")],
  ['search("a\\u0000")', "prefix", (e) => e.search("a\u0000")],
  ['search("a".repeat(65))', "prefix", (e) => e.search("a".repeat(65))],
  ['search("ab", { limit: 0 })', "limit", (e) => e.search("ab", { limit: 0 })],
  ['search("ab", { limit: -5 })', "limit", (e) => e.search("ab", { limit: -5 })],
  [`search("ab", { limit: ${MAX_LIMIT + 1} })`, "limit", (e) => e.search("ab", { limit: MAX_LIMIT + 1 })],
  ['search("ab", { limit: 2.5 })', "limit", (e) => e.search("ab", { limit: 2.5 })],
  ['search("ab", { limit: NaN })', "limit", (e) => e.search("ab", { limit: Number.NaN })],
  ['search("ab", { limit: "10" })', "limit", (e) => e.search("ab", { limit: "10" as unknown as number })],
  ['search("ab", { after: 42 })', "after", (e) => e.search("ab", { after: 42 as unknown as string })],
  ['search("ab", { after: "not a cursor!" })', "after", (e) => e.search("ab", { after: "not a cursor!" })],
  ['search("ab", { after: "_w" }) (the byte FF: not UTF-8)', "after", (e) => e.search("ab", { after: "_w" })],
  ['search("ab", { after: "YWJ" }) (not how "ab" is written: "YWI")', "after", (e) => e.search("ab", { after: "YWJ" })],
  ['search("ab", { after: "" })', "after", (e) => e.search("ab", { after: "" })],
  ['search("ab", { after: a cursor of "zz" })', "after", (e) => e.search("ab", { after: encodeCursor("zz") })],
];

await stageWith([redis, postgres], "26.6", (redisService, postgresService) => {
  const redisSide = useRedis(redisService, "bad");
  const postgresSide = usePostgres(postgresService);
  let loaded: Promise<PackedPrefixIndex> | undefined;
  const ready = () =>
    (loaded ??= (async () => {
      await loadBoth(redisSide, postgresSide, [...EDGE_NAMES]);
      return call("PackedPrefixIndex.from(the edge names)", () => PackedPrefixIndex.from(EDGE_NAMES));
    })());

  test("each engine refuses a bad prefix, limit or cursor with a typed error naming it, and Redis hears nothing of it", async () => {
    const index = await ready();
    const engines: [string, PrefixEngine][] = [
      ["packed index", index],
      ["Redis", redisSide.engine()],
      ["Postgres", postgresSide.engine()],
    ];
    for (const [name, engine] of engines)
      for (const [what, argument, work] of BAD) {
        const sent = await redisSide
          .counter()
          .during(() =>
            expectArgumentError(
              `${name}: ${what}`,
              argument,
              () => work(engine),
              `check every argument in checkSearch() before anything else; ${READ.badInput}`,
            ),
          );
        expectEqual(
          `the commands ${name}: ${what} sent to Redis`,
          [],
          sent,
          `refuse before asking the store; ${READ.badInput}`,
        );
      }
  });

  test(`the bounds themselves are accepted: limit 1 and ${MAX_LIMIT}, the empty prefix, a cursor of the prefix itself`, async () => {
    const index = await ready();
    for (const [name, engine] of [
      ["packed index", index],
      ["Redis", redisSide.engine()],
      ["Postgres", postgresSide.engine()],
    ] as const) {
      const one = await run(`${name}: search("ab", { limit: 1 })`, () => engine.search("ab", { limit: 1 }));
      expectEqual(`${name}: search("ab", { limit: 1 }).names`, ["ab"], one.names, READ.badInput);
      const all = await run(`${name}: search("", { limit: ${MAX_LIMIT} })`, () =>
        engine.search("", { limit: MAX_LIMIT }),
      );
      expectEqual(
        `${name}: search("", { limit: ${MAX_LIMIT} }).names.length`,
        EDGE_NAMES.length,
        all.names.length,
        READ.badInput,
      );
      const afterItself = await run(`${name}: search("ab", { limit: 2, after: a cursor of "ab" })`, () =>
        engine.search("ab", { limit: 2, after: encodeCursor("ab") }),
      );
      expectEqual(
        `${name}: search("ab", { limit: 2, after: a cursor of "ab" }).names`,
        ["abc", "abcd"],
        afterItself.names,
        READ.cursors,
      );
    }
  });
});
