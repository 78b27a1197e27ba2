// Stage 25.2: checkMany() of 20,000 names — half of them taken, as people typed them — counted
// on the wire: one MGET, at most one statement per shard, one answer per name in their order.
// Then every taken name comes back in four disguises, none of which may be "available".
import type { Availability, CheckResult } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { checkSeed, reproduceLine } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { expectEqual, expectThat, run } from "../../24-sharded-storage/tests/expect.ts";
import { LOOKUP, useWorld } from "./fixtures/world.ts";

const NAMES = sized("25.2", { full: 20_000, quick: 6_000 });
const HINT = "read the lesson's section Checking many names at once";
/** Fullwidth forms: U+FF01 … U+FF5E are U+0021 … U+007E shifted by 0xFEE0. */
const fullwidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Cyrillic letters that look like Latin ones. */
const LOOKALIKE: Record<string, string> = { a: "а", e: "е", o: "о", p: "р", c: "с", x: "х" };

await stageWith([postgres, redis], "25.2", (pg, rd) => {
  const world = useWorld(pg, rd, NAMES);

  async function traced(service: Availability, what: string, names: readonly string[]) {
    let results: CheckResult[] | undefined;
    let statements: string[] = [];
    const commands = await world.commands().during(async () => {
      statements = await world.pg().during(LOOKUP, async () => {
        results = await run(what, () => service.checkMany(names), 30_000);
      });
    });
    return { results: results ?? [], statements, commands };
  }

  test(`checkMany() of ${NAMES} names answers each, in order, with one MGET and at most one query per shard`, async () => {
    const service = world.open();
    const all = [...world.taken(), ...world.free()].sort((a, b) => (a.typed < b.typed ? -1 : 1));
    const takenKeys = new Set(world.taken().map((n) => n.key));
    const what = `checkMany(${all.length} names, ${world.taken().length} of them taken)`;
    const first = await traced(
      service,
      what,
      all.map((n) => n.typed),
    );
    const wrong = all.flatMap((n, i) => {
      const r = first.results[i];
      const ok = r?.name === n.typed && r.normalized === n.key && r.available === !takenKeys.has(n.key);
      return ok ? [] : [`${JSON.stringify(n.typed)} → ${JSON.stringify(r)}`];
    });
    expectThat(
      what,
      first.results.length === all.length && wrong.length === 0,
      `${all.length} answers in the order asked, available exactly for the free ones`,
      `${first.results.length} answers; wrong for ${wrong.length}: ${wrong.slice(0, 3).join("; ")} (${reproduceLine(checkSeed(), "25", "25.2")})`,
      HINT,
    );
    const mgets = first.commands.filter((c) => c === "MGET").length;
    const gets = first.commands.filter((c) => c === "GET").length;
    expectThat(
      `${what}: the Redis reads it sent`,
      mgets === 1 && gets === 0,
      "one MGET of every name the filter let through, no GET",
      { MGET: mgets, GET: gets },
      "one command for the whole batch: a GET per name is a round trip per name",
    );
    expectThat(
      `${what}: the shard queries it sent`,
      first.statements.length >= 1 && first.statements.length <= 4,
      "one per shard at most (four shards): one existsMany() of every miss",
      first.statements.length,
      "gather the misses and ask the shard set once: existsMany() asks each shard once",
    );
    const sources = (results: CheckResult[]) => {
      const count: Record<string, number> = {};
      for (const r of results) count[r.source] = (count[r.source] ?? 0) + 1;
      return count;
    };
    expectThat(
      `${what}: answers by source`,
      (sources(first.results).bloom ?? 0) > world.free().length * 0.9 && (sources(first.results).cache ?? 0) === 0,
      "most free names answered by the filter, none by the empty cache, the rest by the shards",
      sources(first.results),
    );
    const second = await traced(
      service,
      `then ${what} again`,
      all.map((n) => n.typed),
    );
    expectThat(
      `then ${what} again: sources and shard queries`,
      second.statements.length === 0 &&
        (sources(second.results).db ?? 0) === 0 &&
        second.results.every((r, i) => r.available === first.results[i]?.available),
      "the same answers, every one from the filter or the cache: no shard query",
      { sources: sources(second.results), shardQueries: second.statements.length },
      "write every answer of the shards back, in one pipeline",
    );
    const sample = all.filter((_, i) => i % 97 === 0);
    for (const n of sample) {
      const one = await run(`check(${JSON.stringify(n.typed)})`, () => service.check(n.typed));
      const many = second.results[all.indexOf(n)];
      expectEqual(
        `check(${JSON.stringify(n.typed)}) against checkMany()'s answer`,
        [many?.normalized, many?.available],
        [one?.normalized, one?.available],
      );
    }
  });

  test('no false "available": every taken name, upper-cased, fullwidth, with a zero-width space inside, or with a Cyrillic look-alike', async () => {
    const service = world.open();
    const taken = world.taken();
    const variants: { kind: string; of: string; typed: string }[] = [];
    for (const n of taken) {
      variants.push({ kind: "as typed", of: n.key, typed: n.typed });
      variants.push({ kind: "upper case", of: n.key, typed: n.typed.toUpperCase() });
      variants.push({ kind: "fullwidth", of: n.key, typed: fullwidth(n.typed) });
      const middle = Math.max(1, Math.floor(n.typed.length / 2));
      variants.push({
        kind: "zero-width",
        of: n.key,
        typed: `${n.typed.slice(0, middle)}\u200b${n.typed.slice(middle)}`,
      });
      const swap = [...n.typed].findIndex((c) => c in LOOKALIKE);
      if (swap >= 0) {
        const chars = [...n.typed];
        chars[swap] = LOOKALIKE[chars[swap]!]!;
        variants.push({ kind: "Cyrillic look-alike", of: n.key, typed: chars.join("") });
      }
    }
    const what = `checkMany(${variants.length} variants of the ${taken.length} taken names)`;
    const { results } = await traced(
      service,
      what,
      variants.map((v) => v.typed),
    );
    const falseAvailable = variants.filter((_, i) => results[i]?.available !== false);
    expectThat(
      what,
      results.length === variants.length && falseAvailable.length === 0,
      "available: false for every one — taken (the same canonical name) or refused by the policy",
      falseAvailable.slice(0, 4).map((v) => `${v.kind} of "${v.of}": ${JSON.stringify(results[variants.indexOf(v)])}`),
      "normalize before every layer: the filter, the cache and the shards all hold canonical names",
    );
  });
});
