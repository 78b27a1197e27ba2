// Stage 22.3: k positions from two hashes, g_i = (h1 + i·s) mod m with s = h2 mod m (1 when that
// is 0). The expected positions are computed here with BigInt, apart from the code; the table
// takes hashes and sizes near 2^32, where signed or inexact arithmetic shows. Then the filter
// itself: what it adds it finds, and it does not find everything.
import { BloomFilter, bitIndexes, keyHashes, keyIndexes } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { checkSeed } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat } from "./expect.ts";
import { absentNames, addedNames } from "./fixtures/names.ts";

/** The positions by the README's definition, in exact integer arithmetic. */
function positions(h1: number, h2: number, k: number, m: number): number[] {
  const bits = BigInt(m);
  const step = BigInt(h2) % bits === 0n ? 1n : BigInt(h2) % bits;
  return Array.from({ length: k }, (_, i) => Number((BigInt(h1) + BigInt(i) * step) % bits));
}

/** [h1, h2, k, m, why]. */
const CASES: ReadonlyArray<readonly [number, number, number, number, string]> = [
  [12_345, 678, 5, 1_000_000, "small numbers: h1, h1 + h2, h1 + 2·h2 …"],
  [999_990, 7, 4, 1_000_000, "positions wrap around m"],
  [999_993, 7, 3, 1_000_000, "a position that reaches m exactly is 0"],
  [3_000_000_000, 4_000_000_000, 7, 9_585_059, "hashes above 2^31: signed arithmetic makes them negative"],
  [0xffffffff, 0xfffffffe, 30, 0xffffffff, "m = 2^32 − 1: h1 + step passes 2^32, where | 0 or Math.imul wrap"],
  [0x80000000, 0xfffffff0, 12, 0xfffffff1, "m near 2^32 and a step near m"],
  [5, 2_000_000, 7, 1_000_000, "h2 a multiple of m: the step would be 0, every position the same; it is 1"],
  [77, 0, 3, 1_000, "h2 = 0: the step is 1"],
  [123_456_789, 987_654_321, 1, 9_585_059, "k = 1: h1 mod m alone"],
  [4_294_967_295, 4_294_967_295, 10, 7, "m smaller than k: positions repeat, and that is fine"],
];

stage("22.3", () => {
  test("bitIndexes(h1, h2, k, m) is (h1 + i·step) mod m, unsigned and exact, with a step that is never 0", () => {
    for (const [h1, h2, k, m, why] of CASES) {
      const what = `bitIndexes(${h1}, ${h2}, ${k}, ${m})`;
      const received = call(what, () => bitIndexes(h1, h2, k, m));
      expectEqual(what, positions(h1, h2, k, m), Array.from(received), why);
    }
  });

  test("keyIndexes(name, filter) are the bitIndexes of the name's two hashes", () => {
    const filter = call("BloomFilter.forCapacity(1_000_000, 0.01)", () => BloomFilter.forCapacity(1_000_000, 0.01));
    for (const name of ["ada", "жук", "strasse", addedNames(checkSeed(), 1)[0]!]) {
      const [h1, h2] = call(`keyHashes(${JSON.stringify(name)})`, () => keyHashes(name));
      const what = `keyIndexes(${JSON.stringify(name)}, { bits: 9585059, hashes: 7 })`;
      expectEqual(what, positions(h1, h2, 7, 9_585_059), Array.from(call(what, () => keyIndexes(name, filter))));
    }
  });

  test("add() reports a new key once, and has() finds every key added", () => {
    const filter = BloomFilter.forCapacity(10_000, 0.01);
    expectEqual(
      'a new filter: has("ada")',
      false,
      call('has("ada")', () => filter.has("ada")),
      "nothing is in yet",
    );
    expectEqual(
      'add("ada")',
      true,
      call('add("ada")', () => filter.add("ada")),
      "a new key sets at least one bit",
    );
    expectEqual(
      'then add("ada") again',
      false,
      call('add("ada")', () => filter.add("ada")),
      "its bits are all set now",
    );
    expectEqual(
      'then has("ada")',
      true,
      call('has("ada")', () => filter.has("ada")),
    );
    const names = addedNames(checkSeed(), 10_000);
    const added = call("addAll(10,000 names)", () => filter.addAll(names));
    expectThat(
      "addAll() of 10,000 distinct names into a filter sized for them",
      added > 9_900 && added <= 10_000,
      "about 10,000 (a few may already be false positives)",
      added,
      "count the keys for which add() returned true",
    );
    const missing = names.filter((name) => !filter.has(name));
    expectEqual(
      "the names added that has() does not find",
      [],
      missing.slice(0, 5),
      "a Bloom filter has no false negatives: add() and has() must look at the same k positions",
    );
  });

  test("has() finds few of the names never added", () => {
    const filter = BloomFilter.forCapacity(10_000, 0.01);
    filter.addAll(addedNames(checkSeed(), 10_000));
    const absent = absentNames(checkSeed(), 20_000);
    const found = absent.filter((name) => filter.has(name)).length;
    // Expected 1% of 20,000 = 200, standard deviation 14: 400 is 14 σ away. Stage 22.4 measures closely.
    expectThat(
      "of 20,000 names never added, those has() finds",
      found < 400,
      "about 200 (1%), fewer than 400",
      found,
      "has() is true only when every one of the k bits is set",
    );
  });
});
