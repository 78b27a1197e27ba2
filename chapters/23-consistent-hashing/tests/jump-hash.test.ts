// Stage 23.4: jump consistent hash. The reference outputs were computed by the C++ function of
// Lamping and Veach's paper, compiled as printed (the first four keys for 1 to 19 buckets are
// also the table of dgryski/go-jump). Then the property the algorithm exists for, checked key by
// key: one more bucket either leaves a key where it was or moves it to the new bucket.
import { JumpHash, jumpHash, keyHash, movement, spread } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { reproduceLine } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectRefusal, expectThat, hex, percent } from "./expect.ts";
import { FIFTH, FIVE, FOUR, keysFor } from "./fixtures/sizes.ts";

/** [key, buckets for 1, 2, …, 19 buckets]. */
const SMALL_COUNTS: ReadonlyArray<readonly [bigint, readonly number[]]> = [
  [0n, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
  [1n, [0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17]],
  [0xdeadbeefn, [0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16]],
  [0x0ddc0ffeebadf00dn, [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 15, 15, 15, 15]],
  [0xffffffffffffffffn, [0, 1, 2, 2, 2, 2, 2, 7, 7, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10]],
];

/** [key, buckets, bucket]: larger counts, up to the largest the paper's int32 allows. */
const LARGE_COUNTS: ReadonlyArray<readonly [bigint, number, number]> = [
  [1n, 100, 55],
  [1n, 1_000_000, 985_611],
  [0xdeadbeefn, 1_000, 285],
  [0xdeadbeefn, 65_536, 64_244],
  [0x0ddc0ffeebadf00dn, 2_147_483_647, 848_029_737],
  [0xffffffffffffffffn, 1_000, 313],
  [42n, 2_147_483_647, 1_603_940_301],
];

const GROWTH_KEYS = sized("23.4", { full: 20_000, quick: 5_000 });
const MOST_BUCKETS = 40;

stage("23.4", () => {
  test("jumpHash() gives the outputs of the paper's C++ function", () => {
    for (const [key, expected] of SMALL_COUNTS)
      for (const [index, bucket] of expected.entries()) {
        const what = `jumpHash(${hex(key)}n, ${index + 1})`;
        expectEqual(
          what,
          bucket,
          call(what, () => jumpHash(key, index + 1)),
          "state = (state × 2862933555777941757 + 1) mod 2^64; next = ⌊(bucket + 1) × 2^31 / ((state >> 33) + 1)⌋; loop while next < buckets",
        );
      }
    for (const [key, buckets, bucket] of LARGE_COUNTS) {
      const what = `jumpHash(${hex(key)}n, ${buckets})`;
      expectEqual(
        what,
        bucket,
        call(what, () => jumpHash(key, buckets)),
        "compute next in floating point, as the paper's double arithmetic does, and floor it",
      );
    }
  });

  test(`one more bucket leaves each key where it was or moves it to the new bucket (${GROWTH_KEYS} keys, 1 to ${MOST_BUCKETS} buckets)`, () => {
    const { keys } = keysFor("23.4");
    for (const key of keys.slice(0, GROWTH_KEYS)) {
      const hash = keyHash(key);
      const buckets = call(`jumpHash(keyHash(${JSON.stringify(key)}), n) for n from 1 to ${MOST_BUCKETS}`, () =>
        Array.from({ length: MOST_BUCKETS }, (_, i) => jumpHash(hash, i + 1)),
      );
      for (let n = 2; n <= MOST_BUCKETS; n++) {
        const [previous, bucket] = [buckets[n - 2], buckets[n - 1]];
        if (bucket === previous || bucket === n - 1) continue;
        throw new CheckFailure("a key moved to a bucket that was not the new one", {
          sent: `jumpHash(keyHash(${JSON.stringify(key)}), ${n})`,
          expected: `${previous} (its bucket among ${n - 1}) or ${n - 1} (the new one)`,
          received: String(bucket),
          hint: "a key jumps only forward, to the bucket being added: compare your loop with the paper's",
        });
      }
    }
  });

  test("JumpHash picks nodes[jumpHash(keyHash(key), nodes.length)] and spreads keys evenly", () => {
    const { keys, seed } = keysFor("23.4");
    const picker = call(`new JumpHash(${JSON.stringify(FIVE)})`, () => new JumpHash(FIVE));
    for (const key of keys.slice(0, 2_000)) {
      const what = `new JumpHash(${JSON.stringify(FIVE)}).pick(${JSON.stringify(key)})`;
      expectEqual(
        what,
        FIVE[jumpHash(keyHash(key), 5)],
        call(what, () => picker.pick(key)),
        "bucket i is nodes[i]",
      );
    }
    // Every bucket holds 1/n of the keys in expectation: 1.03 is almost five deviations (see 23.2).
    for (const nodes of [FOUR, FIVE]) {
      const what = `spread(new JumpHash(${nodes.length} nodes), ${keys.length} keys)`;
      const measured = call(what, () => spread(new JumpHash(nodes), keys));
      expectThat(
        what,
        measured.maxOverMean <= 1.03,
        "maxOverMean ≤ 1.03",
        `maxOverMean ${measured.maxOverMean.toFixed(4)}, counts ${JSON.stringify(measured.counts)} (${reproduceLine(seed, "23", "23.4")})`,
      );
    }
  });

  test("adding a fifth node moves 20% ± 1% of the keys, every one of them to the new node", () => {
    const { keys, seed } = keysFor("23.4");
    const before = new JumpHash(FOUR);
    const what = `movement(new JumpHash(4 nodes), new JumpHash(4 nodes).withNode("${FIFTH}"), ${keys.length} keys)`;
    const measured = call(what, () => movement(before, before.withNode(FIFTH), keys));
    for (const node of FOUR)
      expectEqual(
        `${what}: movedTo["${node}"]`,
        0,
        measured.movedTo[node],
        "a key that moves goes to the new bucket, never to an old one",
      );
    // Exactly 1/5 in expectation; 0.13 points of deviation at 100,000 keys, so ±1 point is over seven.
    expectThat(
      what,
      Math.abs(measured.fraction - 0.2) <= 0.01,
      "a fraction moved of 20% ± 1%",
      `${percent(measured.fraction)} (${measured.moved} of ${measured.keys}; ${reproduceLine(seed, "23", "23.4")})`,
    );
  });

  test("only the last node can leave: it gives its keys back, and any other is refused", () => {
    const { keys } = keysFor("23.4");
    const five = new JumpHash(FIVE);
    const back = call(`new JumpHash(5 nodes).withoutNode("${FIFTH}")`, () => five.withoutNode(FIFTH));
    expectEqual(
      `new JumpHash(5 nodes).withoutNode("${FIFTH}").nodes`,
      [...FOUR],
      [...back.nodes],
      "the last node leaves, the others keep their numbers",
    );
    const measured = movement(new JumpHash(FOUR), back, keys.slice(0, 20_000));
    expectEqual(
      'movement(new JumpHash(4 nodes), new JumpHash(5 nodes).withoutNode("shard-4"), …).moved',
      0,
      measured.moved,
      "the same 4 buckets place every key as before",
    );
    expectRefusal(
      `new JumpHash(5 nodes).withoutNode("shard-1")`,
      () => five.withoutNode("shard-1"),
      RangeError,
      "shard-1",
      "removing bucket 1 would renumber buckets 2, 3 and 4: refuse any node but the last with a RangeError",
    );
  });
});
