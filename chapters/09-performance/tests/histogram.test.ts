// Stage 09.1: the latency histogram, in-process. Percentiles are compared with the exact
// nearest-rank percentile of the same values, computed here by sorting them: on small tables
// where the answer is plain, and on seeded random data spread over six orders of magnitude.

import { LatencyHistogram, MAX_LATENCY_US } from "@lab/src/perf/histogram.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";

/** The precision the spec promises: any percentile within 1/64 of the exact one. */
const RELATIVE_PRECISION = 1 / 64;
/** Percentiles every check asks for: the usual ones, and the tail where histograms go wrong. */
const PERCENTILES = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];
/** Random values per seeded run. */
const VALUES = sized("09.1", { full: 100_000, quick: 20_000 });

const NEAREST_RANK =
  "Nearest rank: the value at rank ceil(p / 100 × count) in sorted order — the smallest value with at least p% of all values at or below it. Walk the buckets from the lowest, adding up counts, until the sum reaches that rank.";

/** The exact nearest-rank percentile of sorted values: the answer known apart from the code under check. */
function exactPercentile(sorted: readonly number[], p: number): number {
  if (p === 0) return sorted[0]!;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

function record(values: readonly number[], into = new LatencyHistogram()): LatencyHistogram {
  for (const value of values) into.record(value);
  return into;
}

function show(values: readonly number[]): string {
  return values.length <= 20 ? `record(${values.join("), record(")})` : `${values.length} values`;
}

// Not Math.min(...values): a hundred thousand arguments can overflow the stack.
function lowest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.min(a, b));
}

function highest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b));
}

function within(actual: number, exact: number): boolean {
  return Math.abs(actual - exact) <= exact * RELATIVE_PRECISION;
}

/** Compares every percentile of `histogram` with the exact one of `values`, to the promised precision. */
function expectPercentiles(histogram: LatencyHistogram, values: readonly number[], what: string, replay = ""): void {
  const sorted = [...values].sort((a, b) => a - b);
  for (const p of PERCENTILES) {
    const exact = exactPercentile(sorted, p);
    const actual = histogram.percentile(p);
    const exactly = p === 0 || p === 100;
    if (exactly ? actual === exact : within(actual, exact)) continue;
    throw new CheckFailure(`percentile(${p}) is wrong for ${what}${replay ? ` (${replay})` : ""}`, {
      sent: show(values),
      expected: exactly
        ? `${exact}, exactly: the ${p === 0 ? "smallest" : "largest"} value recorded`
        : `${exact} within 1/64 (between ${(exact * (1 - RELATIVE_PRECISION)).toFixed(2)} and ${(exact * (1 + RELATIVE_PRECISION)).toFixed(2)})`,
      received: String(actual),
      hint: exactly
        ? "Keep the smallest and the largest value recorded: percentile(0) and percentile(100) answer them as they are, not a bucket's middle."
        : NEAREST_RANK,
    });
  }
}

function expectSame(what: string, actual: number, expected: number, sent: string, hint: string): void {
  if (Object.is(actual, expected) || Math.abs(actual - expected) <= Math.abs(expected) * 1e-12) return;
  throw new CheckFailure(`${what} is wrong`, { sent, expected: String(expected), received: String(actual), hint });
}

/** Log-uniform latencies from 1 µs to 10 s, with some exact repeats: how real latencies spread. */
function randomLatencies(count: number, random: () => number): number[] {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    if (random() < 0.05 && values.length > 0) values.push(values[Math.floor(random() * values.length)]!);
    else values.push(Math.round(10 ** (random() * 7)));
  }
  return values;
}

/** Tables with answers a person can check by eye. */
const TABLES: { what: string; values: number[]; percentiles: [p: number, value: number][] }[] = [
  {
    what: "1 to 10 µs",
    values: [7, 3, 10, 1, 5, 9, 2, 8, 6, 4],
    percentiles: [
      [10, 1],
      [50, 5],
      [55, 6],
      [90, 9],
      [99, 10],
    ],
  },
  {
    what: "one slow request among fast ones",
    values: [100, 100, 100, 100, 100, 100, 100, 100, 100, 250_000],
    percentiles: [
      [50, 100],
      [90, 100],
      [91, 250_000],
    ],
  },
  {
    what: "a value recorded once",
    values: [4_321],
    percentiles: [
      [1, 4_321],
      [50, 4_321],
      [99.999, 4_321],
    ],
  },
];

stage("09.1", () => {
  test("answers percentiles of small tables as nearest rank: p50 of 1…10 is 5, p55 is 6", () => {
    for (const table of TABLES) {
      const histogram = record(table.values);
      for (const [p, expected] of table.percentiles) {
        const actual = histogram.percentile(p);
        if (within(actual, expected)) continue;
        throw new CheckFailure(`percentile(${p}) is wrong for ${table.what}`, {
          sent: show(table.values),
          expected: String(expected),
          received: String(actual),
          hint: NEAREST_RANK,
        });
      }
      expectPercentiles(histogram, table.values, table.what);
    }
  });

  test("keeps count, min, max and mean exact, whatever the buckets", () => {
    const values = [250, 3, 1_000_000, 77, 77, 12_345];
    const histogram = record(values);
    const sent = show(values);
    const hint =
      "count, min, max and the sum behind the mean are kept beside the buckets, exactly: only percentiles are approximate.";
    expectSame("count", histogram.count, values.length, sent, hint);
    expectSame("min", histogram.min, 3, sent, hint);
    expectSame("max", histogram.max, 1_000_000, sent, hint);
    expectSame("mean", histogram.mean, values.reduce((a, b) => a + b, 0) / values.length, sent, hint);
  });

  test(`answers every percentile of ${VALUES} seeded random latencies within 1/64 of the exact value`, () => {
    const seed = checkSeed();
    const values = randomLatencies(VALUES, seededRandom(seed));
    const histogram = record(values);
    const replay = reproduceLine(seed, "09", "09.1");
    expectPercentiles(histogram, values, "seeded random latencies from 1 µs to 10 s", replay);
    const sent = `${values.length} seeded values (${replay})`;
    const hint = "count, min, max and the sum behind the mean are kept beside the buckets, exactly.";
    expectSame("count", histogram.count, values.length, sent, hint);
    expectSame("min", histogram.min, lowest(values), sent, hint);
    expectSame("max", histogram.max, highest(values), sent, hint);
    expectSame("mean", histogram.mean, values.reduce((a, b) => a + b, 0) / values.length, sent, hint);
  });

  test("merge() gives the histogram of both sets of values, as if one had recorded them all", () => {
    const seed = checkSeed();
    const random = seededRandom(seed + 1);
    const first = randomLatencies(5_000, random);
    const second = randomLatencies(3_000, random).map((v) => v * 3);
    const merged = record(first);
    merged.merge(record(second));
    const both = [...first, ...second];
    const replay = reproduceLine(seed, "09", "09.1");
    const sent = `a.merge(b), a with ${first.length} values and b with ${second.length} (${replay})`;
    const hint =
      "merge() adds the other histogram's count to every bucket, and its count and sum; min and max are the smaller and larger of the two.";
    expectSame("count after merge()", merged.count, both.length, sent, hint);
    expectSame("min after merge()", merged.min, lowest(both), sent, hint);
    expectSame("max after merge()", merged.max, highest(both), sent, hint);
    expectSame("mean after merge()", merged.mean, both.reduce((a, b) => a + b, 0) / both.length, sent, hint);
    expectPercentiles(merged, both, "two merged histograms", replay);
    // Merging an empty histogram, or into one, changes nothing.
    const alone = record([40, 50, 60]);
    alone.merge(new LatencyHistogram());
    const empty = new LatencyHistogram();
    empty.merge(record([40, 50, 60]));
    for (const [what, histogram] of [
      ["a.merge(empty)", alone],
      ["empty.merge(a)", empty],
    ] as const) {
      const emptyHint = "An empty histogram's min and max must not leak into the merge: start them at +∞ and −∞.";
      expectSame(`min after ${what}`, histogram.min, 40, `${what}, a = record(40), record(50), record(60)`, emptyHint);
      expectSame(`max after ${what}`, histogram.max, 60, `${what}, a = record(40), record(50), record(60)`, emptyHint);
      expectSame(
        `count after ${what}`,
        histogram.count,
        3,
        `${what}, a = record(40), record(50), record(60)`,
        emptyHint,
      );
    }
  });

  test("an empty histogram has count 0 and NaN for min, max, mean and every percentile", () => {
    const histogram = new LatencyHistogram();
    const answers = {
      count: histogram.count,
      min: histogram.min,
      max: histogram.max,
      mean: histogram.mean,
      "percentile(50)": histogram.percentile(50),
      "percentile(100)": histogram.percentile(100),
    };
    const wrong = Object.entries(answers).filter(([name, value]) =>
      name === "count" ? value !== 0 : !Number.isNaN(value),
    );
    if (wrong.length > 0)
      throw new CheckFailure("an empty histogram answers numbers it does not have", {
        sent: "new LatencyHistogram(), nothing recorded",
        expected: "count 0; min, max, mean and percentiles NaN (there is no value to give)",
        received: wrong.map(([name, value]) => `${name} = ${value}`).join(", "),
        hint: "Without a value recorded, there is no minimum and no median: NaN says so, where 0 or Infinity would be read as a measurement.",
      });
  });

  test("refuses a negative, NaN or infinite latency and a percentile outside 0–100 with a RangeError", () => {
    const histogram = record([10, 20]);
    const calls: [string, () => unknown][] = [
      ["record(-1)", () => histogram.record(-1)],
      ["record(NaN)", () => histogram.record(Number.NaN)],
      ["record(Infinity)", () => histogram.record(Number.POSITIVE_INFINITY)],
      ["percentile(-1)", () => histogram.percentile(-1)],
      ["percentile(100.5)", () => histogram.percentile(100.5)],
      ["percentile(NaN)", () => histogram.percentile(Number.NaN)],
    ];
    for (const [call, run] of calls) {
      let thrown: unknown;
      try {
        run();
      } catch (error) {
        thrown = error;
      }
      if (thrown instanceof RangeError) continue;
      if (thrown instanceof Error && /TODO\(\d\d\)/.test(thrown.message)) throw thrown;
      throw new CheckFailure(`${call} did not throw a RangeError`, {
        sent: `record(10), record(20), then ${call}`,
        expected: "a RangeError",
        received: thrown === undefined ? "no error" : String(thrown),
        hint: "A latency that is not a finite number ≥ 0 is a bug in the caller: recording it would poison the mean and the percentiles silently.",
      });
    }
    expectSame(
      "count after the refused calls",
      histogram.count,
      2,
      "record(10), record(20), then refused calls",
      "A refused value is not recorded.",
    );
  });

  test("clamps a latency beyond MAX_LATENCY_US to it, and keeps counting", () => {
    const histogram = record([5, MAX_LATENCY_US * 10, MAX_LATENCY_US + 1]);
    const sent = `record(5), record(${MAX_LATENCY_US * 10}), record(${MAX_LATENCY_US + 1})`;
    const hint = `A value past the last bucket is recorded as MAX_LATENCY_US (${MAX_LATENCY_US}): the histogram stays bounded and the sample still counts.`;
    expectSame("count", histogram.count, 3, sent, hint);
    expectSame("max", histogram.max, MAX_LATENCY_US, sent, hint);
    expectSame("percentile(100)", histogram.percentile(100), MAX_LATENCY_US, sent, hint);
    expectSame("min", histogram.min, 5, sent, hint);
  });
});
