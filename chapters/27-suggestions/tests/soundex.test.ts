// Stage 27.1: American Soundex, as a table of names and the codes the U.S. National Archives'
// rules give them (the worked examples of its "Soundex System" page, and the edges around them).
import { soundex } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, READ, show } from "./expect.ts";

/** name → code, and the rule the row is about. */
const CASES: readonly (readonly [string, string, string])[] = [
  ["Robert", "R163", "one digit per consonant, vowels not coded"],
  ["Rupert", "R163", "B and P share 1: Robert and Rupert are one code"],
  ["Rubin", "R150", "padded with 0 to four characters"],
  ["Washington", "W252", "stops at three digits"],
  ["Lee", "L000", "only vowels after the first letter: all zeros"],
  ["Gutierrez", "G362", "two R side by side give one 6"],
  ["Jackson", "J250", "C, K and S side by side all 2: one digit"],
  ["Tymczak", "T522", "C and Z side by side give one 2; the K after the vowel A is another"],
  ["Ashcraft", "A261", "S and C with an H between them: one 2 (H does not separate)"],
  ["Ashcroft", "A261", "the same for Ashcroft"],
  ["Bowman", "B550", "W between B and M is skipped; M and N side by side give one 5"],
  ["Burroughs", "B620", "R R once, and G and S across the H: one 2"],
  ["Pfister", "P236", "the first letter counts as its own digit: F (1) after P (1) is not written"],
  ["Lloyd", "L300", "the first letter's L and the next L are one"],
  ["Honeyman", "H555", "N, M and N separated by vowels: each written"],
  ["Bobby", "B100", "a vowel separates: the second B is written after the O"],
  ["Tuttle", "T340", "T after the vowel U is written, the T T after it once"],
  ["robert", "R163", "either case; the first letter upper-cased"],
  ["ROBERT", "R163", "upper case the same"],
  ["a", "A000", "one letter: the letter and three zeros"],
  ["ada.lovelace", "A341", "separators are left out, as if not there"],
  ["john_smith42", "J525", "digits and separators left out; N and S not equal, S and M not equal"],
  ["o'hara", "O600", "an apostrophe is left out"],
  ["Ångström", "N236", 'Å and ö are left out: the code of "ngstrm"'],
  ["", "", "no letter: no code"],
  ["жена", "", "no letter A–Z: no code"],
  ["42", "", "digits alone: no code"],
];

stage("27.1", () => {
  test("codes every name of the table as American Soundex", () => {
    for (const [name, code, rule] of CASES)
      expectEqual(
        `soundex(${show(name)})`,
        code,
        call(`soundex(${show(name)})`, () => soundex(name)),
        `${rule}; ${READ.soundex}`,
      );
  });

  test("gives names said alike one code, and names said otherwise another", () => {
    const alike = [
      ["Smith", "Smyth"],
      ["Catherine", "Cathryn"],
      ["Philips", "Phillips"],
      ["Ashcraft", "Ashcroft"],
    ] as const;
    for (const [a, b] of alike)
      expectEqual(
        `soundex(${show(b)}) against soundex(${show(a)})`,
        call(`soundex(${show(a)})`, () => soundex(a)),
        call(`soundex(${show(b)})`, () => soundex(b)),
        READ.soundex,
      );
    const apart = [
      ["Ada", "Adam"],
      ["Bob", "Rob"],
    ] as const;
    for (const [a, b] of apart) {
      const x = call(`soundex(${show(a)})`, () => soundex(a));
      const y = call(`soundex(${show(b)})`, () => soundex(b));
      expectEqual(
        `soundex(${show(a)}) === soundex(${show(b)})`,
        false,
        x === y,
        `${show(x)} and ${show(y)}; ${READ.soundex}`,
      );
    }
  });
});
