// Stage 27.6: only free names, asked of chapter 25's availability path a batch at a time. Four
// fresh shard databases hold half of the seeded names (chapter 25's world: planted by the checks'
// own client, behind relays that count the Redis commands and the shard statements); your
// Suggester indexes all of them and asks an Availability of yours, through a wrapper that records
// every checkMany(). What is taken is known apart from your code: the names the checks planted
// and the ones they claimed.
import {
  type Availability,
  batchSize,
  type CheckResult,
  MAX_BATCHES,
  MAX_SUGGESTIONS,
  type Ranked,
  Suggester,
} from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres, redis } from "../../../shared/services/index.ts";
import { LOOKUP, useWorld } from "../../25-redis-cache/tests/fixtures/world.ts";
import { call, expectEqual, expectRefusal, expectThat, READ, run, show } from "./expect.ts";

const NAMES = sized("27.6", { full: 4_000, quick: 2_000 });
/** The year the suggester is given, so that the lists are the same every year. */
const YEAR = 2026;

/** chapter 25's Availability, every checkMany() recorded. */
class RecordingChecker {
  readonly calls: string[][] = [];
  constructor(readonly inner: Availability) {}
  checkMany(names: readonly string[]): Promise<CheckResult[]> {
    this.calls.push([...names]);
    return this.inner.checkMany(names);
  }
}

await stageWith([postgres, redis], "27.6", (pg, rd) => {
  const world = useWorld(pg, rd, NAMES);
  const seed = checkSeed();
  const reproduce = () => reproduceLine(seed, "27", "27.6");
  const claimed = new Set<string>();
  let planted: Set<string> | undefined;
  const isTaken = (name: string) =>
    claimed.has(name) || (planted ??= new Set(world.taken().map((n) => n.key))).has(name);

  function open(): { suggester: Suggester; checker: RecordingChecker } {
    const checker = new RecordingChecker(world.open());
    const lexicon = [...world.taken(), ...world.free()].map((n) => n.key);
    const suggester = call(
      `new Suggester({ availability, lexicon: ${lexicon.length} names, year: ${YEAR} })`,
      () => new Suggester({ availability: checker, lexicon, year: YEAR }),
    );
    return { suggester, checker };
  }

  /** What suggest() must return and ask, from the ranked candidates and what is known to be taken. */
  function expected(ranked: readonly Ranked[], limit: number) {
    const size = batchSize(limit);
    const batches: string[][] = [];
    const free: string[] = [];
    for (let start = 0; start < ranked.length && batches.length < MAX_BATCHES && free.length < limit; start += size) {
      const batch = ranked.slice(start, start + size).map((r) => r.name);
      batches.push(batch);
      for (const name of batch) if (free.length < limit && !isTaken(name)) free.push(name);
    }
    return { free, batches };
  }

  async function suggest(suggester: Suggester, checker: RecordingChecker, wanted: string, limit: number) {
    const what = `suggester.suggest(${show(wanted)}, { limit: ${limit} })`;
    const ranked = call(`suggester.candidates(${show(wanted)})`, () => suggester.candidates(wanted));
    checker.calls.length = 0;
    let got: Ranked[] = [];
    let statements: string[] = [];
    const commands = await world.commands().during(async () => {
      statements = await world.pg().during(LOOKUP, async () => {
        got = await run(what, () => suggester.suggest(wanted, { limit }));
      });
    });
    return { what, ranked, got, calls: [...checker.calls], commands, statements };
  }

  test("returns only free names, the best of the ranking, asking checkMany() a batch at a time until the page is full", async () => {
    const { suggester, checker } = open();
    const random = seededRandom(seed ^ 0x27_06);
    const taken = world.taken();
    for (let i = 0; i < 25; i++) {
      const wanted = taken[Math.floor(random() * taken.length)]!.typed;
      const limit = [10, 3, 25][i % 3]!;
      const { what, ranked, got, calls, commands, statements } = await suggest(suggester, checker, wanted, limit);
      const model = expected(ranked, limit);
      const wrong = got.filter((r) => isTaken(r.name)).map((r) => r.name);
      expectThat(
        what,
        wrong.length === 0,
        "only names that are free",
        `taken ones: ${show(wrong)}`,
        `keep a candidate only when checkMany() says available; ${READ.batches}. ${reproduce()}`,
      );
      expectEqual(
        `${what}, the names`,
        model.free,
        got.map((r) => r.name),
        `the free ones in rank order, up to the limit; ${READ.batches}. ${reproduce()}`,
      );
      expectEqual(
        `${what}: the names of each checkMany() it sent`,
        model.batches.map((b) => `${b.length} names from ${show(b[0])}`),
        calls.map((b) => `${b.length} names from ${show(b[0])}`),
        `batches of batchSize(${limit}) = ${batchSize(limit)} in rank order, the next only while the page is not full, at most ${MAX_BATCHES}; ${READ.batches}`,
      );
      expectEqual(`${what}: every name it asked about`, model.batches.flat(), calls.flat(), READ.batches);
      const mgets = commands.filter((c) => c === "MGET").length;
      const gets = commands.filter((c) => c === "GET").length;
      expectThat(
        `${what}: the Redis reads`,
        mgets <= calls.length && gets === 0,
        `at most one MGET per checkMany() (${calls.length}), no GET`,
        { MGET: mgets, GET: gets },
        "checkMany(), not check() per name",
      );
      expectThat(
        `${what}: the shard queries`,
        statements.length <= 4 * calls.length,
        `at most one per shard per batch (${4 * calls.length})`,
        statements.length,
        READ.batches,
      );
    }
  });

  test(`asks at most ${MAX_BATCHES} batches when the best candidates are all taken, and a claimed name is gone from the next suggestions`, async () => {
    const { suggester, checker } = open();
    const claimer = world.open({}, "another process's Availability");
    const wanted = world
      .taken()
      .map((n) => n.typed)
      .find((typed) => suggester.candidates(typed).length > MAX_BATCHES * batchSize(1) + 1);
    expectThat(
      "a seeded name with enough candidates",
      wanted !== undefined,
      `more than ${MAX_BATCHES * batchSize(1) + 1} candidates`,
      "none",
      reproduce(),
    );
    const before = await suggest(suggester, checker, wanted!, 10);
    const first = before.got[0];
    expectThat(`${before.what}`, first !== undefined, "at least one suggestion", before.got, READ.batches);
    await run(`claim(${show(first!.name)}) by another process`, () => claimer.claim(first!.name));
    claimed.add(first!.name);
    const after = await suggest(suggester, checker, wanted!, 10);
    expectThat(
      `${after.what}, after ${show(first!.name)} was claimed`,
      !after.got.some((r) => r.name === first!.name),
      `no ${show(first!.name)}`,
      after.got.map((r) => r.name),
      "remember nothing between calls: the filter and the cache learned of the claim",
    );
    expectEqual(
      `${after.what}, the names`,
      expected(after.ranked, 10).free,
      after.got.map((r) => r.name),
      READ.batches,
    );

    // Every candidate of the first MAX_BATCHES batches of a one-name page claimed: none is left to suggest.
    const ranked = after.ranked.slice(0, MAX_BATCHES * batchSize(1) + 1).map((r) => r.name);
    for (const name of ranked.slice(0, -1)) {
      if (isTaken(name)) continue;
      await run(`claim(${show(name)}) by another process`, () => claimer.claim(name));
      claimed.add(name);
    }
    const none = await suggest(suggester, checker, wanted!, 1);
    expectEqual(
      `${none.what}, with its first ${MAX_BATCHES * batchSize(1)} candidates taken`,
      [],
      none.got.map((r) => r.name),
      `give up after MAX_BATCHES batches: fewer suggestions, not a slow answer; ${READ.batches}`,
    );
    expectEqual(`${none.what}: the number of checkMany() calls`, MAX_BATCHES, none.calls.length, READ.batches);
  });

  test("refuses a bad limit and a wanted name that is not a string before asking anything, and gives [] for a name the policy refuses", async () => {
    const { suggester, checker } = open();
    checker.calls.length = 0;
    for (const limit of [0, MAX_SUGGESTIONS + 1, 2.5])
      await expectRefusal(
        `suggester.suggest("ada", { limit: ${limit} })`,
        () => suggester.suggest("ada", { limit }),
        RangeError,
        "limit",
        READ.batches,
      );
    await expectRefusal(
      "suggester.suggest(42)",
      () => suggester.suggest(42 as unknown as string),
      TypeError,
      "wanted",
      READ.batches,
    );
    const refused = await run('suggester.suggest("admin")', () => suggester.suggest("admin"));
    expectEqual(
      'suggester.suggest("admin") (a reserved name)',
      [],
      refused,
      "no candidates for a name the policy refuses",
    );
    expectEqual(
      "the checkMany() calls of all of these",
      0,
      checker.calls.length,
      "check the arguments before asking anyone",
    );
  });
});
