// Stage 26.5: the three engines on the same names. For seeded prefixes every engine must give the
// same page — names and cursor — as the model and as each other; a walk by cursors must visit
// every match once while names are inserted between its pages (and the index in process rebuilt
// with them), because a cursor is a name, not a position.
import { PackedPrefixIndex, type Page, type PrefixEngine } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { call, expectEqual, expectThat, load, READ, run, show } from "./expect.ts";
import { loadBoth, usePostgres, useRedis } from "./fixtures/engines.ts";
import { allMatches, byteOrder, checkNames, nameCount, seededPrefixes } from "./fixtures/names.ts";
import { walk } from "./fixtures/walk.ts";

await stageWith([redis, postgres], "26.5", (redisService, postgresService) => {
  const redisSide = useRedis(redisService, "same");
  const postgresSide = usePostgres(postgresService);
  let loaded: Promise<{ names: string[]; seed: number; index: PackedPrefixIndex }> | undefined;
  const names = () =>
    (loaded ??= (async () => {
      const { names, seed } = await checkNames(nameCount("26.5"));
      await loadBoth(redisSide, postgresSide, names);
      const index = call(`PackedPrefixIndex.from(${names.length} names)`, () => PackedPrefixIndex.from(names));
      return { names, seed, index };
    })());

  test("the three engines give the same pages — names and next cursors — for seeded prefixes and their second pages", async () => {
    const { names: all, seed, index } = await names();
    const engines: [string, PrefixEngine][] = [
      ["packed index", index],
      ["Redis", redisSide.engine()],
      ["Postgres", postgresSide.engine()],
    ];
    for (const [i, prefix] of seededPrefixes(all, seed, 200).entries()) {
      const limit = [10, 3, 25][i % 3]!;
      let options: { limit: number; after?: string } = { limit };
      for (let pageNumber = 1; pageNumber <= 2; pageNumber++) {
        const pages: Page[] = [];
        for (const [name, engine] of engines)
          pages.push(
            await run(`${name}: search(${show(prefix)}, ${JSON.stringify(options)})`, () =>
              engine.search(prefix, options),
            ),
          );
        for (const [j, [name]] of engines.entries())
          expectEqual(
            `page ${pageNumber} of search(${show(prefix)}, { limit: ${limit} }) from the ${name} engine, next to the packed index's`,
            pages[0],
            pages[j],
            `all three read [prefix, successor) in UTF-8 byte order; ${READ.order}. ${reproduceLine(seed, "26", "26.5")}`,
          );
        if (pages[0]!.next === null) break;
        options = { limit, after: pages[0]!.next };
      }
    }
  });

  test("a walk by cursors visits every match once while names are inserted between its pages", async () => {
    const { names: all, seed } = await names();
    // A prefix with a few hundred matches, so the walk has pages to insert between.
    const prefix =
      seededPrefixes(all, seed, 400).find((candidate) => {
        const count = allMatches(all, candidate).length;
        return count >= 100 && count <= 600;
      }) ?? "a";
    const original = allMatches(all, prefix);
    let current = [...all];
    let index = PackedPrefixIndex.from(current);
    let round = 0;
    const engines: [string, () => PrefixEngine, (names: string[]) => Promise<unknown>][] = [
      [
        "packed index",
        () => index,
        async (added) => {
          current = [...current, ...added];
          index = call(`PackedPrefixIndex.from(${current.length} names)`, () => PackedPrefixIndex.from(current));
        },
      ],
      [
        "Redis",
        redisSide.engine,
        (added) => load("redisEngine.load(inserted names)", () => redisSide.engine().load(added)),
      ],
      [
        "Postgres",
        postgresSide.engine,
        (added) => load("postgresEngine.load(inserted names)", () => postgresSide.engine().load(added)),
      ],
    ];
    for (const [name, engine, insert] of engines) {
      const { names: visited } = await walk(
        name,
        engine,
        prefix,
        20,
        Math.ceil(original.length / 20) + 40,
        async (page) => {
          // Before the cursor, at it and after it: names that sort next to ones already returned, and after the last.
          round++;
          const last = page.names.at(-1)!;
          await insert([
            `${page.names[0]!}~${name}${round}`,
            `${last}~${name}${round}`,
            `${prefix}${"\u{10ffff}"}${name}${round}`,
          ]);
        },
      );
      const seen = new Set<string>();
      const twice = visited.filter((visitedName) => seen.has(visitedName) || !seen.add(visitedName));
      expectEqual(`the names the ${name} engine's walk of ${show(prefix)} returned twice`, [], twice, READ.cursors);
      expectEqual(
        `the names of ${show(prefix)} loaded before the walk that the ${name} engine's walk missed`,
        [],
        original.filter((originalName) => !seen.has(originalName)),
        `resume after the cursor's name, not at an offset: inserts before it shift positions; ${READ.cursors}`,
      );
      expectThat(
        `the ${name} engine's walk of ${show(prefix)}`,
        visited.every((visitedName, i) => i === 0 || byteOrder(visited[i - 1]!, visitedName) < 0),
        "names in strictly increasing byte order across all pages",
        visited.slice(0, 20),
        READ.order,
      );
    }
  });
});
