// Stage 27.4: trigram similarity. Trigrams and scores of a table, then every query's similar
// names compared with a brute-force model (fixtures/models.ts) that scores the whole lexicon.
import { dice, jaccard, MAX_SIMILAR, MIN_SIMILARITY, TrigramIndex, trigrams } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat, READ, show } from "./expect.ts";
import { EDGE_NAMES, lexicon, lexiconCount } from "./fixtures/lexicon.ts";
import { modelSimilar } from "./fixtures/models.ts";

const TRIGRAMS: readonly (readonly [string, readonly string[], string])[] = [
  ["ada", ["  a", " ad", "ada", "da "], "two spaces in front, one behind"],
  ["adam", ["  a", " ad", "ada", "dam", "am "], "a name of n characters has n + 1 trigrams when none repeats"],
  ["aaaa", ["  a", " aa", "aaa", "aa "], "a set: aaa counted once"],
  ["a😀b", ["  a", " a😀", "a😀b", "😀b "], "of code points: 😀 is one character, not two UTF-16 units"],
  ["ж", ["  ж", " ж "], "any script"],
  ["", ["   "], "the empty name: the padding alone"],
];

/** a, b → Jaccard, Dice. */
const SCORES: readonly (readonly [string, string, number, number])[] = [
  ["ada", "adam", 3 / 6, 6 / 9],
  ["ada", "ada", 1, 1],
  ["abc", "xyz", 0, 0],
  ["john", "jon", 2 / 7, 4 / 9],
  ["smith", "smyth", 3 / 9, 6 / 12],
];

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

stage("27.4", () => {
  test("cuts a name into padded trigrams of code points, each once", () => {
    for (const [name, expected, rule] of TRIGRAMS)
      expectEqual(
        `trigrams(${show(name)})`,
        expected,
        call(`trigrams(${show(name)})`, () => trigrams(name)),
        `${rule}; ${READ.trigrams}`,
      );
  });

  test("scores two names' trigrams by Jaccard and by Dice", () => {
    for (const [a, b, j, d] of SCORES) {
      const x = call(`trigrams(${show(a)})`, () => trigrams(a));
      const y = call(`trigrams(${show(b)})`, () => trigrams(b));
      const gotJ = call(`jaccard(trigrams(${show(a)}), trigrams(${show(b)}))`, () => jaccard(x, y));
      const gotD = call(`dice(trigrams(${show(a)}), trigrams(${show(b)}))`, () => dice(x, y));
      expectThat(
        `jaccard(trigrams(${show(a)}), trigrams(${show(b)}))`,
        near(gotJ, j),
        j.toFixed(4),
        gotJ,
        `shared / (|A| + |B| − shared); ${READ.trigrams}`,
      );
      expectThat(
        `dice(trigrams(${show(a)}), trigrams(${show(b)}))`,
        near(gotD, d),
        d.toFixed(4),
        gotD,
        `2 · shared / (|A| + |B|); ${READ.trigrams}`,
      );
    }
  });

  test(`every seeded query's similar names are the model's: Dice ≥ ${MIN_SIMILARITY}, most similar first, ties in code point order`, async () => {
    const { names, seed } = await lexicon(lexiconCount("27.4"));
    const index = call(`TrigramIndex.from(${names.length} names)`, () => TrigramIndex.from([...names, ...names, "ab"]));
    expectEqual(
      `index.size after TrigramIndex.from(${names.length} names, each twice, and "ab")`,
      names.length,
      index.size,
      "every name once; names the policy refuses left out",
    );
    const random = seededRandom(seed ^ 0x27_04);
    const queries = [...EDGE_NAMES, ...Array.from({ length: 60 }, () => names[Math.floor(random() * names.length)]!)];
    for (const wanted of queries) {
      for (const limit of [MAX_SIMILAR, 3]) {
        const what = `index.similar(${show(wanted)}, ${limit})`;
        const got = call(what, () => index.similar(wanted, limit));
        const expected = modelSimilar(names, wanted, MIN_SIMILARITY, limit);
        expectEqual(
          `${what}, the names`,
          expected.map((s) => s.name),
          got.map((s) => s.name),
          `Dice of padded code-point trigrams, at least ${MIN_SIMILARITY}, not the query itself; ${READ.trigrams}. ${reproduceLine(seed, "27", "27.4")}`,
        );
        const off = got.find((s, i) => !near(s.score, expected[i]?.score ?? -1));
        expectThat(
          `${what}, the scores`,
          off === undefined,
          "each the Dice similarity to the query",
          off,
          READ.trigrams,
        );
      }
    }
  });
});
