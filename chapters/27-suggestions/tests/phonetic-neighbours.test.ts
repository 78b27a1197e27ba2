// Stage 27.3: phonetic neighbours. The codes of a table of names, then every query's neighbours
// compared with a brute-force model (fixtures/models.ts) over a lexicon of seeded names.
import { MAX_PHONETIC_NEIGHBOURS, PhoneticIndex, phoneticCodes } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat, READ, show } from "./expect.ts";
import { EDGE_NAMES, lexicon, lexiconCount } from "./fixtures/lexicon.ts";
import { modelNeighbours } from "./fixtures/models.ts";

/** name → primary, secondary (Double Metaphone), Soundex. */
const CODES: readonly (readonly [string, string, string, string])[] = [
  ["jon", "JN", "AN", "J500"],
  ["schmidt", "XMT", "SMT", "S530"],
  ["smith", "SM0", "XMT", "S530"],
  ["philip", "FLP", "FLP", "P410"],
  ["ada.lovelace", "ATLFLS", "ATLFLS", "A341"],
  ["john_smith42", "JNSM0", "ANSMT", "J525"],
  ["жена", "", "", ""],
];

stage("27.3", () => {
  let built: Promise<{ index: PhoneticIndex; names: string[]; seed: number }> | undefined;
  const index = () =>
    (built ??= lexicon(lexiconCount("27.3")).then(({ names, seed }) => ({
      index: call(`PhoneticIndex.from(${names.length} names)`, () =>
        PhoneticIndex.from([...names, ...names, "ab", "Admin"]),
      ),
      names,
      seed,
    })));

  test("codes a name by its letters: Double Metaphone's two codes and Soundex", () => {
    for (const [name, primary, secondary, soundex] of CODES) {
      const what = `phoneticCodes(${show(name)})`;
      expectEqual(
        what,
        { primary, secondary, soundex },
        call(what, () => phoneticCodes(name)),
        `letters only: separators and digits are not said; ${READ.phonetic}`,
      );
    }
  });

  test("holds each name the policy accepts once, and finds the neighbours of the table", async () => {
    const { index: idx, names } = await index();
    expectEqual(
      `index.size after PhoneticIndex.from(${names.length} names, each twice, and "ab", "Admin")`,
      names.length,
      idx.size,
      "every name once, in canonical form; names the policy refuses left out",
    );
    const expect = (wanted: string, neighbour: string, strength: number, why: string) => {
      const what = `index.neighbours(${show(wanted)})`;
      const got = call(what, () => idx.neighbours(wanted));
      const found = got.find((n) => n.name === neighbour);
      expectThat(
        what,
        found?.strength === strength,
        `${show(neighbour)} with strength ${strength}`,
        found ?? `no ${show(neighbour)} among ${show(got.map((n) => n.name))}`,
        `${why}; ${READ.phonetic}`,
      );
      expectThat(
        what,
        !got.some((n) => n.name === wanted),
        `not ${show(wanted)} itself`,
        got.map((n) => n.name),
        READ.phonetic,
      );
    };
    expect("jon", "john", 3, "the same primary code JN");
    expect("Philip", "filip", 3, "ph and f: the same primary code FLP (the query is normalized first)");
    expect("smith", "schmidt", 2, "smith's secondary XMT is schmidt's primary: either code matches either");
    expect("schmidt", "smith", 2, "schmidt's primary XMT is smith's secondary");
    expect("catherine", "kathryn", 3, "K0RN for both");
    expect("ashcraft", "ashcroft", 3, "the same primary code");
  });

  test(`every seeded query's neighbours are the model's: strongest first, then closest in length, then code point order, at most ${MAX_PHONETIC_NEIGHBOURS}`, async () => {
    const { index: idx, names, seed } = await index();
    const random = seededRandom(seed ^ 0x27_03);
    const queries = [...EDGE_NAMES, ...Array.from({ length: 60 }, () => names[Math.floor(random() * names.length)]!)];
    for (const wanted of queries) {
      for (const limit of [MAX_PHONETIC_NEIGHBOURS, 5]) {
        const what = `index.neighbours(${show(wanted)}, ${limit})`;
        const got = call(what, () => idx.neighbours(wanted, limit));
        expectEqual(
          what,
          modelNeighbours(names, wanted, limit).map((n) => `${n.name}:${n.strength}`),
          got.map((n) => `${n.name}:${n.strength}`),
          `either Double Metaphone code of one matching either of the other is strength 2 (3 for the primaries), Soundex alone 1; ${READ.phonetic}. ${reproduceLine(seed, "27", "27.3")}`,
        );
      }
    }
  });
});
