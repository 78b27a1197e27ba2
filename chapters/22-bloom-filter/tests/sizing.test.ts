// Stage 22.1: m and k from n and p. The expected sizes were computed apart from the code, from
// the formulas of the README; the false-positive rates too. Bad input must be refused with an
// error that names the argument, before any memory is taken.
import { BloomFilter, bloomParameters, expectedFalsePositiveRate, MAX_BITS } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectArgumentError, expectEqual, expectThat } from "./expect.ts";

/** [n, p, m, k]: m = ⌈−n ln p / (ln 2)²⌉, k = round(m/n · ln 2). */
const SIZES: ReadonlyArray<readonly [number, number, number, number]> = [
  [1_000_000, 0.01, 9_585_059, 7],
  [1_000_000, 0.001, 14_377_588, 10],
  [1_000, 0.01, 9_586, 7],
  [100_000, 0.05, 623_523, 4],
  [10_000_000, 0.001, 143_775_876, 10],
  [50_000, 1e-6, 1_437_759, 20],
  [1, 0.5, 2, 1],
  [1, 0.01, 10, 7],
  [1, 1e-9, 44, 30],
  [447_000_000, 0.01, 4_284_521_095, 7],
];

/** [m, k, n, (1 − e^(−kn/m))^k]. */
const RATES: ReadonlyArray<readonly [number, number, number, number]> = [
  [9_585_059, 7, 1_000_000, 0.010039214559253868],
  [14_377_588, 10, 1_000_000, 0.0010000247179482108],
  [9_585_059, 7, 2_000_000, 0.15745290303263082],
  [9_585_059, 7, 0, 0],
  [1_000, 1, 1_000, 0.6321205588285577],
];

stage("22.1", () => {
  test("m and k for n keys at rate p: m = ⌈−n ln p / (ln 2)²⌉, k = round(m/n · ln 2)", () => {
    for (const [n, p, bits, hashes] of SIZES) {
      const what = `bloomParameters(${n}, ${p})`;
      expectEqual(
        what,
        { capacity: n, errorRate: p, bits, hashes },
        call(what, () => bloomParameters(n, p)),
        "m rounds up (Math.ceil), k rounds to the nearest whole number; ln is Math.log",
      );
    }
  });

  test("BloomFilter.forCapacity(n, p) is sized so, with ⌈m/8⌉ bytes of bits", () => {
    const filter = call("BloomFilter.forCapacity(1_000_000, 0.01)", () => BloomFilter.forCapacity(1_000_000, 0.01));
    expectEqual(
      "BloomFilter.forCapacity(1_000_000, 0.01): capacity, errorRate, bits, hashes",
      [1_000_000, 0.01, 9_585_059, 7],
      [filter.capacity, filter.errorRate, filter.bits, filter.hashes],
    );
    expectEqual("forCapacity(1_000_000, 0.01).toBytes().length", 1_198_133, filter.toBytes().length);
  });

  test("the expected false-positive rate after n keys is (1 − e^(−kn/m))^k", () => {
    for (const [m, k, n, rate] of RATES) {
      const what = `expectedFalsePositiveRate(${m}, ${k}, ${n})`;
      const received = call(what, () => expectedFalsePositiveRate(m, k, n));
      expectThat(
        what,
        Math.abs(received - rate) <= rate * 1e-6 + 1e-15,
        `${rate} (to 6 significant digits)`,
        received,
        "(1 - Math.exp((-k * n) / m)) ** k",
      );
    }
  });

  test("refuses what cannot be built with a RangeError naming the argument", async () => {
    const capacities: unknown[] = [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "1000", 2 ** 53];
    for (const n of capacities)
      await expectArgumentError(
        `bloomParameters(${JSON.stringify(n) ?? String(n)}, 0.01)`,
        "capacity",
        () => bloomParameters(n as number, 0.01),
        "a capacity is a count of keys: a safe whole number, at least 1",
      );
    const rates: unknown[] = [0, 1, 0.6, -0.01, Number.NaN, 1e-12, "0.01"];
    for (const p of rates)
      await expectArgumentError(
        `bloomParameters(1000, ${JSON.stringify(p) ?? String(p)})`,
        "errorRate",
        () => bloomParameters(1000, p as number),
        "an error rate is a number from MIN_ERROR_RATE (1e-9) to MAX_ERROR_RATE (0.5): above ½ the optimal k is 0",
      );
    await expectArgumentError(
      "bloomParameters(500_000_000, 0.01)",
      "bits",
      () => bloomParameters(500_000_000, 0.01),
      `4.8 billion bits is more than MAX_BITS (${MAX_BITS}): the positions are 32-bit`,
    );
  });
});
