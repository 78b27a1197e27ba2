// Stage 21.5: the policy as a whole. A seeded property test: for any string the policy accepts,
// normalizing its canonical name again gives the same name and skeleton. And a table of attacks,
// each mapped to the name it must become or refused with the reason it must carry.
import { normalizeUsername } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, callText, expectThat, show } from "./expect.ts";

const INPUTS = sized("21.5", { full: 20_000, quick: 3_000 });

/**
 * What random names are made of: ASCII, and the characters normalization exists for — capitals
 * and fullwidth, superscript, mathematical, circled and black-letter forms, the Kelvin and
 * Angstrom signs, ß ẞ ſ ς ı İ ǰ, Greek and Cyrillic, combining marks, ligatures, separators.
 */
const PIECES: readonly string[] = [
  ..."abcdefghijklmnopqrstuvwxyz0123456789_.ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  ..."ＡＢＣａｂｃ０１２＿．ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁᵂᵃᵇᵈ𝐀𝐁𝐂𝐚𝐛𝐜𝔄𝔅ℌℍℑℜⒶⒷⓐⓑ",
  ..."\u212A\u212BßẞſςσΣıİǰĲĳŉﬁﬂÅåÉéÑñ",
  ..."αβγΑΒΓΟοΣΐΰϐϑϕϖϰϱϵµ",
  ..."абвгдежзАБВГДЕЁёЖЗіІӏ",
  "\u0301",
  "\u0308",
  "\u0307",
  "\u030C",
  "\u0345",
  "a\u0301",
  "E\u0301",
];

function randomInput(random: () => number): string {
  const length = 1 + Math.floor(random() * 12);
  let text = "";
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

type Expected = { name: string; skeleton?: string } | { reason: string; at?: number };

/** [attack, input, what the policy must do]. */
const ATTACKS: ReadonlyArray<readonly [string, string, Expected]> = [
  ["fullwidth letters", "ＡＤＡ", { name: "ada" }],
  ["circled letters", "ⓐⓓⓐ", { name: "ada" }],
  ["mathematical bold letters", "𝐚𝐝𝐚", { name: "ada" }],
  ["fraktur capitals, no case mapping of their own", "𝔄𝔇𝔄", { name: "ada" }],
  ["superscript capitals (Spotify, 2013)", "ᴮᴵᴳᴮᴵᴿᴰ", { name: "bigbird" }],
  ["the Kelvin sign U+212A", "\u212Aate", { name: "kate" }],
  ["a Cyrillic а inside a Latin name", "p\u0430ypal", { reason: "mixed-script", at: 1 }],
  [
    "an all-Cyrillic look-alike: accepted as itself, caught by its skeleton",
    "\u0440\u0430\u0443\u0440\u0430\u04CF",
    { name: "\u0440\u0430\u0443\u0440\u0430\u04CF", skeleton: "paypal" },
  ],
  ["dotless ı in a reserved word", "adm\u0131n", { reason: "reserved" }],
  ["dotless ı elsewhere: kept, with the skeleton of i", "j\u0131ll", { name: "j\u0131ll", skeleton: "jill" }],
  ["İ folds to i + U+0307", "\u0130zmir", { reason: "combining-mark", at: 1 }],
  ["ß", "Stra\u00DFe", { name: "strasse" }],
  ["capital ẞ", "STRA\u1E9EE", { name: "strasse" }],
  ["long s ſ", "\u017Fam", { name: "sam" }],
  ["zero-width joiner", "ad\u200Da", { reason: "invisible-character", at: 2 }],
  ["zero-width non-joiner", "ad\u200Ca", { reason: "invisible-character", at: 2 }],
  ["zero-width space", "\u200Bada", { reason: "invisible-character", at: 0 }],
  ["only zero-width characters", "\u200B\u200C\u200D", { reason: "invisible-character", at: 0 }],
  ["right-to-left override", "ada\u202Etxt.exe", { reason: "bidi-control", at: 3 }],
  ["a combining accent that composes", "a\u0301da", { name: "\u00E1da" }],
  ["stacked combining marks", "a\u0301\u0302\u0303da", { reason: "combining-mark", at: 1 }],
  ["a lone surrogate", "ad\uDBFFa", { reason: "invalid-utf16", at: 2 }],
  ["10,000 characters", "a".repeat(10_000), { reason: "too-long" }],
  ["an empty name", "", { reason: "empty" }],
];

stage("21.5", () => {
  test(`normalizeUsername(name) gives name back for the canonical name of any of ${INPUTS} seeded inputs (idempotence)`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    let accepted = 0;
    for (let i = 0; i < INPUTS; i++) {
      const input = randomInput(random);
      const first = call(callText("normalizeUsername", input), () => normalizeUsername(input));
      if (!first.ok) continue;
      accepted++;
      const again = call(callText("normalizeUsername", first.name), () => normalizeUsername(first.name));
      if (again.ok && again.name === first.name && again.skeleton === first.skeleton) continue;
      throw new CheckFailure("normalizing a canonical name changed it", {
        sent: `normalizeUsername(${show(input)}) → ${show(first)}, then normalizeUsername(${show(first.name)})`,
        expected: show(first),
        received: show(again),
        hint: `norm(norm(x)) must equal norm(x): NFKC before folding, and NFKC again after. ${reproduceLine(seed, "21", "21.5")}`,
      });
    }
    expectThat(
      `${INPUTS} seeded inputs`,
      accepted >= INPUTS / 50,
      `at least ${INPUTS / 50} accepted, so that the property is tested`,
      `${accepted} accepted`,
      `the policy refuses nearly everything: ${reproduceLine(seed, "21", "21.5")}`,
    );
  });

  test("maps or refuses each attack of the table, never throws", () => {
    for (const [attack, input, expected] of ATTACKS) {
      const what = callText("normalizeUsername", input);
      const verdict = call(what, () => normalizeUsername(input), attack);
      const ok =
        "name" in expected
          ? verdict.ok &&
            verdict.name === expected.name &&
            (expected.skeleton === undefined || verdict.skeleton === expected.skeleton)
          : !verdict.ok &&
            verdict.reason === expected.reason &&
            (expected.at === undefined || verdict.at === expected.at);
      expectThat(what, ok, show(expected), verdict, attack);
    }
  });
});
