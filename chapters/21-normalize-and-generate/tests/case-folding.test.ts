// Stage 21.1: NFKC and case folding. caseFold() is compared with CaseFolding.txt's full folding,
// one table row per character; mapName() with what NFKC, then folding, then NFKC make of names
// written with compatibility characters.
import { caseFold, mapName } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { call, callText, expectEqual } from "./expect.ts";

/** [text, its full case folding (CaseFolding.txt, statuses C and F), why the row is here]. */
const FOLDS: ReadonlyArray<readonly [string, string, string]> = [
  ["ADA", "ada", "ASCII capitals fold to their small letters"],
  ["Straße", "strasse", "ß folds to ss (status F): toLowerCase() leaves it ß"],
  ["\u1E9E", "ss", "capital sharp s folds to ss, not to ß"],
  ["ΟΔΟΣ", "οδοσ", "capital sigma folds to σ wherever it stands"],
  ["οδος", "οδοσ", "final sigma ς folds to σ (status C)"],
  ["ΑΣ", "ασ", "no final-sigma rule: toLowerCase() of the whole string gives ας"],
  ["\u212A", "k", "the Kelvin sign folds to k"],
  ["\u212B", "å", "the Angstrom sign folds to å"],
  ["\u017F", "s", "long s folds to s"],
  ["\u00B5", "\u03BC", "the micro sign folds to Greek mu"],
  ["\u0130", "i\u0307", "capital I with dot folds to i + COMBINING DOT ABOVE (status F, not the Turkic T)"],
  ["I", "i", "capital I folds to i, never to dotless ı: the Turkic fold (T) is not used"],
  ["\u0131", "\u0131", "dotless ı has no fold: it stays itself"],
  ["\u01F0", "j\u030C", "ǰ folds to j + COMBINING CARON (status F)"],
  ["ЖУК", "жук", "Cyrillic capitals fold to their small letters"],
];

/** [typed, the mapped name]. */
const MAPPED: ReadonlyArray<readonly [string, string, string]> = [
  ["ＡＤＡ", "ada", "fullwidth letters: NFKC maps them to ASCII"],
  ["Ⓐⓓⓐ", "ada", "circled letters: NFKC maps them, folding lowers the capital"],
  ["𝐀𝐝𝐚", "ada", "mathematical bold letters: NFKC maps them to plain ones"],
  ["\u212Aelvin", "kelvin", "the Kelvin sign: one name with kelvin"],
  ["Straße", "strasse", "ß: one name with STRASSE"],
  ["STRASSE", "strasse", "and STRASSE itself"],
  ["ᴮᴵᴳᴮᴵᴿᴰ", "bigbird", "superscript capitals: NFKC makes them capitals, which must then be folded (NFKC first)"],
  ["ℌ𝔢𝔩𝔩𝔬", "hello", "black-letter and fraktur capitals have no case mapping of their own: NFKC first"],
  ["ﬁona", "fiona", "the fi ligature"],
  ["E\u0301mile", "émile", "a letter and a combining accent: composed into one code point (U+00E9)"],
  ["\u01F0ack", "\u01F0ack", "ǰ folds to j + U+030C: NFKC after folding composes it again"],
  ["ΟΔΟΣ", "οδοσ", "Greek capitals, and sigma folded"],
];

stage("21.1", () => {
  test("caseFold() is full case folding: ß → ss, ς → σ, K → k, and no Turkic or final-sigma rule", () => {
    for (const [text, expected, why] of FOLDS) {
      const what = callText("caseFold", text);
      expectEqual(
        what,
        expected,
        call(what, () => caseFold(text)),
        why,
      );
    }
  });

  test("caseFold() leaves folded text as it is", () => {
    for (const [, folded] of FOLDS) {
      const what = callText("caseFold", folded);
      expectEqual(
        what,
        folded,
        call(what, () => caseFold(folded)),
        "a fold of a fold changes nothing",
      );
    }
  });

  test("mapName() is NFKC, then case folding, then NFKC", () => {
    for (const [typed, expected, why] of MAPPED) {
      const what = callText("mapName", typed);
      expectEqual(
        what,
        expected,
        call(what, () => mapName(typed)),
        why,
      );
    }
  });
});
