// Stage 22.4: the filter at the size it is made for. A million names go in (100,000 in a quick
// regression run); every one of them must be found, and of as many names never added, the share
// found must be the rate the filter was sized for. The names come from the check's seed, the
// added and the absent ones disjoint by construction (fixtures/names.ts), so a false positive is
// known without asking the code under check.
//
// The tolerance is the chapter's promise, 1% ± 0.1 point, and it cannot fail by chance: each
// lookup of an absent name is a coin that lands "found" with probability q = (1 − e^(−kn/m))^k
// (1.004% here), so over Q lookups the measured rate has a standard deviation of √(q(1 − q)/Q):
// 0.010 point for Q = 1,000,000 and 0.016 point for the quick run's 400,000. The promise's 0.1
// point is more than 6 of them away on either side, for any seed.
import { BloomFilter } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { checkSeed, reproduceLine } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat } from "./expect.ts";
import { absentNames, addedNames } from "./fixtures/names.ts";

const NAMES = sized("22.4", { full: 1_000_000, quick: 100_000 });
const LOOKUPS = sized("22.4", { full: 1_000_000, quick: 400_000 });

const percent = (rate: number) => `${(rate * 100).toFixed(3)}%`;

/** Adds `n` names to a filter sized for them; checks every one is found; returns the share of absent names found. */
function measure(n: number, errorRate: number, lookups: number): number {
  const seed = checkSeed();
  const filter = call(`BloomFilter.forCapacity(${n}, ${errorRate})`, () => BloomFilter.forCapacity(n, errorRate));
  const names = addedNames(seed, n);
  call(`addAll() of ${n} names`, () => filter.addAll(names));
  const missing = call(`has() of each of the ${n} names added`, () => names.filter((name) => !filter.has(name)));
  expectEqual(
    `has() of each of the ${n} names added, at p = ${errorRate}`,
    "all found",
    missing.length === 0 ? "all found" : `${missing.length} not found, the first ${JSON.stringify(missing[0])}`,
    `a name added and then not found is a false negative, which a Bloom filter never has: look for a position below 0 or at m or above (a negative hash, signed arithmetic) — ${reproduceLine(seed, "22", "22.4")}`,
  );
  const absent = absentNames(seed, lookups);
  return (
    call(`has() of ${lookups} names never added`, () => absent.filter((name) => filter.has(name)).length) / lookups
  );
}

stage("22.4", () => {
  test(`${NAMES.toLocaleString("en-US")} names at p = 1%: zero false negatives, and 1% ± 0.1 point of ${LOOKUPS.toLocaleString("en-US")} others found`, () => {
    const rate = measure(NAMES, 0.01, LOOKUPS);
    expectThat(
      `the share of ${LOOKUPS} names never added that has() finds, after ${NAMES} names in a filter for ${NAMES} at 1%`,
      Math.abs(rate - 0.01) <= 0.001,
      "from 0.900% to 1.100%",
      percent(rate),
      `far above: positions not spread over all m bits (a weak hash, a step of 0, a modulo of the bytes instead of the bits); ${reproduceLine(checkSeed(), "22", "22.4")}`,
    );
  });

  const n = sized("22.4", { full: 100_000, quick: 50_000 });
  test(`${n.toLocaleString("en-US")} names at p = 0.1%: zero false negatives, and 0.1% ± 0.03 point of the others found`, () => {
    // q = 0.1% and σ = √(q(1 − q)/Q) ≤ 0.005 point for Q ≥ 400,000: 0.03 point is 6 σ.
    const lookups = 400_000;
    const rate = measure(n, 0.001, lookups);
    expectThat(
      `the share of ${lookups} names never added that has() finds, after ${n} names in a filter for ${n} at 0.1%`,
      Math.abs(rate - 0.001) <= 0.0003,
      "from 0.070% to 0.130%",
      percent(rate),
      `k = 10 here: every one of the k positions must count; ${reproduceLine(checkSeed(), "22", "22.4")}`,
    );
  });
});
