// Stage 23.5: rendezvous hashing. Picks are compared with the contest run here from the spec
// (the weight of node N for key K is mix64(keyHash(K) XOR keyHash(N)), the highest wins), then
// measured: an even spread, a new node that takes only what it wins, a node that leaves and
// hands its keys to all the others.
import { keyHash, mix64, movement, Rendezvous, spread } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat, percent } from "./expect.ts";
import { FIFTH, FIVE, FOUR, keysFor } from "./fixtures/sizes.ts";

/** The winner of `key` among `nodes`, by the spec's weights. */
function contest(nodes: readonly string[], key: string): string {
  let winner = "";
  let best = -1n;
  for (const node of nodes) {
    const weight = mix64(keyHash(key) ^ keyHash(node));
    if (weight > best) [winner, best] = [node, weight];
  }
  return winner;
}

stage("23.5", () => {
  test("a key goes to the node of highest weight mix64(keyHash(key) ^ keyHash(node)), whatever the nodes' order", () => {
    const { keys } = keysFor("23.5");
    const picker = call(`new Rendezvous(${JSON.stringify(FIVE)})`, () => new Rendezvous(FIVE));
    const reversed = call("new Rendezvous(the same nodes, reversed)", () => new Rendezvous([...FIVE].reverse()));
    for (const key of keys.slice(0, 2_000)) {
      const expected = contest(FIVE, key);
      const what = `new Rendezvous(${JSON.stringify(FIVE)}).pick(${JSON.stringify(key)})`;
      expectEqual(
        what,
        expected,
        call(what, () => picker.pick(key)),
        "score every node with mix64(keyHash(key) ^ keyHash(node)) and keep the highest (not the lowest)",
      );
      expectEqual(
        `the same pick with the nodes given in reverse order`,
        expected,
        call(what, () => reversed.pick(key)),
        "a node's weight depends on its name, never on its position in the list",
      );
    }
  });

  test("spreads keys evenly over 4 and over 5 nodes", () => {
    const { keys, seed } = keysFor("23.5");
    // Every node wins 1/n of the keys in expectation: 1.03 is almost five deviations (see 23.2).
    for (const nodes of [FOUR, FIVE]) {
      const what = `spread(new Rendezvous(${nodes.length} nodes), ${keys.length} keys)`;
      const measured = call(what, () => spread(new Rendezvous(nodes), keys));
      expectThat(
        what,
        measured.maxOverMean <= 1.03,
        "maxOverMean ≤ 1.03",
        `maxOverMean ${measured.maxOverMean.toFixed(4)}, counts ${JSON.stringify(measured.counts)} (${reproduceLine(seed, "23", "23.5")})`,
        "a weight must depend on both the key and the node",
      );
    }
  });

  test("adding a fifth node moves 20% ± 1% of the keys, every one of them to the new node", () => {
    const { keys, seed } = keysFor("23.5");
    const before = new Rendezvous(FOUR);
    const what = `movement(new Rendezvous(4 nodes), new Rendezvous(4 nodes).withNode("${FIFTH}"), ${keys.length} keys)`;
    const measured = call(what, () => movement(before, before.withNode(FIFTH), keys));
    for (const node of FOUR)
      expectEqual(
        `${what}: movedTo["${node}"]`,
        0,
        measured.movedTo[node],
        "the old nodes' weights do not change: a key moves only if the new node outscores its winner",
      );
    // 1/5 in expectation; ±1 point is over seven deviations at 100,000 keys.
    expectThat(
      what,
      Math.abs(measured.fraction - 0.2) <= 0.01,
      "a fraction moved of 20% ± 1%",
      `${percent(measured.fraction)} (${measured.moved} of ${measured.keys}; ${reproduceLine(seed, "23", "23.5")})`,
    );
  });

  test("removing a node moves only its keys, spread evenly over the others", () => {
    const { keys, seed } = keysFor("23.5");
    const five = new Rendezvous(FIVE);
    const counts = spread(five, keys).counts;
    const what = `movement(new Rendezvous(5 nodes), new Rendezvous(5 nodes).withoutNode("shard-1"), ${keys.length} keys)`;
    const measured = call(what, () => movement(five, five.withoutNode("shard-1"), keys));
    expectEqual(
      `${what}: movedFrom`,
      { ...Object.fromEntries(FIVE.map((n) => [n, 0])), "shard-1": counts["shard-1"] },
      measured.movedFrom,
      "only the keys of the node that left have to move: every other key keeps its winner",
    );
    // Each of shard-1's keys goes to its runner-up, a uniform choice among the other 4: 25% each,
    // with a deviation of 0.3 points for 20,000 moved keys; 20% to 30% is over fifteen.
    for (const node of FIVE.filter((n) => n !== "shard-1")) {
      const share = (measured.movedTo[node] ?? 0) / Math.max(1, measured.moved);
      expectThat(
        `${what}: movedTo["${node}"] / moved`,
        share >= 0.2 && share <= 0.3,
        "between 20% and 30%: a quarter of the keys that left",
        `${percent(share)} (${reproduceLine(seed, "23", "23.5")})`,
      );
    }
  });
});
