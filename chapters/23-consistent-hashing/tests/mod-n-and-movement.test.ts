// Stage 23.2: the two measurements, then the placement everyone writes first. spread() and
// movement() are checked on pickers whose answers are known by construction (the first letter
// of the key), keys handed over as a one-pass iterator, as a router streaming a table would.
// Then mod N: its picks, its even spread, and the 80% of keys it moves from 4 nodes to 5.
import { keyHash, ModN, movement, type ShardPicker, spread } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat, percent } from "./expect.ts";
import { FIFTH, FIVE, FOUR, keysFor } from "./fixtures/sizes.ts";

/** A picker that places a key by its first letter: whatever it answers is known in advance. */
function byFirstLetter(nodes: readonly string[], route: Record<string, string>): ShardPicker {
  const picker: ShardPicker = {
    nodes,
    pick: (key) => route[key[0] ?? ""] ?? nodes[0]!,
    withNode: () => picker,
    withoutNode: () => picker,
  };
  return picker;
}

/** Keys as a generator: they can be read once, as rows streamed from a table. */
function* once(keys: readonly string[]): Generator<string> {
  yield* keys;
}

const LETTER_KEYS = ["a1", "a2", "a3", "b1", "c1", "c2", "d1"];

stage("23.2", () => {
  test("spread() counts the keys of every node, an empty one too, and divides the fullest by the mean", () => {
    const picker = byFirstLetter(["n1", "n2", "n3", "n4"], { a: "n1", b: "n2", c: "n1", d: "n2" });
    const what = `spread(a picker sending keys starting with a or c to n1 and b or d to n2, ${JSON.stringify(LETTER_KEYS)})`;
    const measured = call(what, () => spread(picker, once(LETTER_KEYS)));
    expectEqual(
      what,
      { keys: 7, counts: { n1: 5, n2: 2, n3: 0, n4: 0 }, mean: 1.75, max: 5, maxOverMean: 5 / 1.75 },
      measured,
      "list every node of picker.nodes, with 0 for those no key reached; mean = keys / nodes.length",
    );
  });

  test("movement() counts the keys whose node changed, where they came from and where they went", () => {
    const before = byFirstLetter(["n1", "n2"], { a: "n1", b: "n2", c: "n1", d: "n2" });
    const after = byFirstLetter(["n1", "n2", "n3"], { a: "n1", b: "n3", c: "n2", d: "n2" });
    const what = `movement(before, after, ${JSON.stringify(LETTER_KEYS)}) where keys on b move n2 → n3 and keys on c move n1 → n2`;
    const measured = call(what, () => movement(before, after, once(LETTER_KEYS)));
    expectEqual(
      what,
      { keys: 7, moved: 3, fraction: 3 / 7, movedFrom: { n1: 2, n2: 1 }, movedTo: { n1: 0, n2: 2, n3: 1 } },
      measured,
      "read each key once, pick it with both pickers; movedFrom lists every node of before, movedTo every node of after",
    );
  });

  test("ModN picks nodes[keyHash(key) mod N]", () => {
    const { keys } = keysFor("23.2");
    const picker = call(`new ModN(${JSON.stringify(FOUR)})`, () => new ModN(FOUR));
    for (const key of keys.slice(0, 2_000)) {
      const expected = FOUR[Number(keyHash(key) % 4n)];
      const what = `new ModN(${JSON.stringify(FOUR)}).pick(${JSON.stringify(key)})`;
      expectEqual(
        what,
        expected,
        call(what, () => picker.pick(key)),
        "take the remainder as a bigint (keyHash(key) % 4n): Number(hash) keeps 53 significant bits, so the last bits of almost every hash are 0 and its remainder mod 4 with them",
      );
    }
  });

  test("mod N spreads keys evenly over 4 and over 5 nodes", () => {
    const { keys, seed } = keysFor("23.2");
    // Each of n nodes gets N/n keys with a relative deviation of √((n − 1)/N): 0.55% for 4 nodes
    // and 0.63% for 5 at 100,000 keys, so 1.03 is almost five deviations above an even spread.
    for (const nodes of [FOUR, FIVE]) {
      const what = `spread(new ModN(${nodes.length} nodes), ${keys.length} keys)`;
      const measured = call(what, () => spread(new ModN(nodes), keys));
      expectThat(
        what,
        measured.maxOverMean <= 1.03,
        "maxOverMean ≤ 1.03: a remainder of a uniform 64-bit hash is uniform",
        `maxOverMean ${measured.maxOverMean.toFixed(4)}, counts ${JSON.stringify(measured.counts)} (${reproduceLine(seed, "23", "23.2")})`,
      );
    }
  });

  test("mod N from 4 nodes to 5 moves about 80% of the keys, most of them between the old nodes", () => {
    const { keys, seed } = keysFor("23.2");
    const before = new ModN(FOUR);
    const what = `movement(new ModN(4 nodes), new ModN(4 nodes).withNode("${FIFTH}"), ${keys.length} keys)`;
    const measured = call(what, () => movement(before, before.withNode(FIFTH), keys));
    // A key stays only when h mod 4 = h mod 5, for 4 of the 20 values of h mod 20: 80% move,
    // measured with a deviation of 0.13 points at 100,000 keys; ±1 point is over seven.
    expectThat(
      what,
      Math.abs(measured.fraction - 0.8) <= 0.01,
      "a fraction moved of 80% ± 1%",
      `${percent(measured.fraction)} (${measured.moved} of ${measured.keys}; ${reproduceLine(seed, "23", "23.2")})`,
      "withNode() appends the node: N becomes 5, and h mod 5 differs from h mod 4 for 16 of every 20 hashes",
    );
    // Old node i receives the keys with h mod 5 = i and h mod 4 ≠ i: 1/5 − 1/20 = 15% of all keys.
    for (const node of FOUR)
      expectThat(
        `${what}: movedTo["${node}"]`,
        (measured.movedTo[node] ?? 0) >= 0.13 * measured.keys,
        `at least 13% of all keys (15% expected): keys moving between two old nodes`,
        `${measured.movedTo[node]} of ${measured.keys}`,
      );
  });
});
