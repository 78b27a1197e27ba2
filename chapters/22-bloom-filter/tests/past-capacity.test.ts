// Stage 22.7: past capacity. A filter sized for C names is given 0.5·C, C, 2·C and 4·C of them; at
// each point its stats() are compared with what the bits say, counted here apart from the code
// (a popcount of toBytes()), and with the formulas of the README; a filter in Redis with the same
// names must report the same from BITCOUNT.
import { BloomFilter, RedisBloom } from "@lab/src/unamex/index.ts";
import { Redis } from "ioredis";
import { afterAll, beforeAll, test } from "vitest";
import { checkSeed, reproduceLine } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { type RedisNamespace, redis } from "../../../shared/services/index.ts";
import { call, expectEqual, expectThat, run } from "./expect.ts";
import { absentNames, addedNames } from "./fixtures/names.ts";

const CAPACITY = sized("22.7", { full: 100_000, quick: 20_000 });
const LOOKUPS = 50_000;

function popcount(bytes: Uint8Array): number {
  let ones = 0;
  for (let byte of bytes) {
    for (; byte !== 0; byte &= byte - 1) ones++;
  }
  return ones;
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.abs(b) * 1e-9 + 1e-12;

await stageWith([redis], "22.7", (service) => {
  let ns: RedisNamespace;
  let connection: Redis;

  beforeAll(async () => {
    ns = await service.isolate();
    connection = new Redis(ns.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => connection?.disconnect());

  test(`a filter for ${CAPACITY.toLocaleString("en-US")} names reports its fill, count and false-positive rate at 0.5, 1, 2 and 4 times that`, () => {
    const seed = checkSeed();
    const names = addedNames(seed, CAPACITY * 4);
    const probes = absentNames(seed, LOOKUPS);
    const filter = call(`BloomFilter.forCapacity(${CAPACITY}, 0.01)`, () => BloomFilter.forCapacity(CAPACITY, 0.01));
    const { bits, hashes } = filter;
    let added = 0;
    for (const multiple of [0.5, 1, 2, 4]) {
      const target = CAPACITY * multiple;
      call(`addAll(${target - added} more names)`, () => filter.addAll(names.slice(added, target)));
      added = target;
      const at = `after ${added} names in a filter for ${CAPACITY}: stats()`;
      const stats = call(at, () => filter.stats());
      const ones = popcount(filter.toBytes());
      const fill = ones / bits;
      expectEqual(
        `${at}: bits, hashes, capacity, errorRate, bytes, bitsSet`,
        [bits, hashes, CAPACITY, 0.01, Math.ceil(bits / 8), ones],
        [stats.bits, stats.hashes, stats.capacity, stats.errorRate, stats.bytes, stats.bitsSet],
        "bitsSet counts the 1 bits: add() adds one for each bit it turns from 0 to 1",
      );
      const formulas = [
        ["fillRatio", fill, stats.fillRatio, "bitsSet / bits"],
        ["estimatedFpr", fill ** hashes, stats.estimatedFpr, "fillRatio ** hashes"],
        ["estimatedCount", (-bits / hashes) * Math.log(1 - fill), stats.estimatedCount, "−(m/k) · ln(1 − fillRatio)"],
      ] as const;
      for (const [field, expected, received, formula] of formulas)
        expectThat(`${at}.${field}`, close(received, expected), `${expected} (${formula})`, received, formula);
      if (multiple <= 2)
        expectThat(
          `${at}.estimatedCount`,
          Math.abs(stats.estimatedCount - added) <= added * 0.02,
          `within 2% of the ${added} names added`,
          stats.estimatedCount.toFixed(0),
        );
      expectEqual(
        `${at}.saturated (estimatedFpr ${(stats.estimatedFpr * 100).toFixed(2)}%)`,
        multiple >= 2,
        stats.saturated,
        "saturated once estimatedFpr is above SATURATION_FACTOR (2) × errorRate: not at capacity, where it is about p",
      );
      const missing = names.slice(0, added).filter((name) => !filter.has(name));
      expectEqual(
        `${at}: names added that has() does not find`,
        [],
        missing.slice(0, 3),
        "past capacity, still no false negatives",
      );
      if (multiple === 2) {
        // At 2·C the rate is about 15.7%; over 50,000 lookups σ ≈ 0.16 point, and 1 point is over 6 σ.
        const measured = probes.filter((name) => filter.has(name)).length / LOOKUPS;
        expectThat(
          `${at}.estimatedFpr, against the share of ${LOOKUPS} names never added that has() finds`,
          Math.abs(stats.estimatedFpr - measured) <= 0.01,
          `within 1 point of the measured ${(measured * 100).toFixed(2)}%`,
          `${(stats.estimatedFpr * 100).toFixed(2)}%`,
          `the estimate from the bits is what a lookup sees: fillRatio ** k; ${reproduceLine(seed, "22", "22.7")}`,
        );
      }
    }
  });

  test("a RedisBloom past capacity reports the same stats from BITCOUNT", async () => {
    const key = `${ns.keyPrefix}past-capacity`;
    const capacity = 5_000;
    const bloom = await run(`RedisBloom.open(redis, "${key}", ${capacity}, 0.01)`, () =>
      RedisBloom.open(connection, key, capacity, 0.01),
    );
    const names = addedNames(checkSeed(), capacity * 3);
    await run(`addMany(${names.length} names)`, () => bloom.addMany(names));
    const filter = BloomFilter.forCapacity(capacity, 0.01);
    filter.addAll(names);
    const stats = await run("stats()", () => bloom.stats());
    expectEqual(
      `RedisBloom.stats() after ${names.length} names in a filter for ${capacity}, against BloomFilter.stats() of the same names`,
      filter.stats(),
      stats,
      "BITCOUNT counts the bits set in Redis; the rest is bloomStats(), as in process",
    );
    expectEqual("its saturated", true, stats.saturated);
  });
});
