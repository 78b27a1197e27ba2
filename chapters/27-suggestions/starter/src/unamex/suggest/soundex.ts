// American Soundex (the rules of the U.S. National Archives, used for the 1880–1950 censuses): a
// name becomes its first letter and three digits, so that names spelled differently but said
// alike — Robert and Rupert, Ashcraft and Ashcroft — share a code.
//
//   letters   B F P V → 1   C G J K Q S X Z → 2   D T → 3   L → 4   M N → 5   R → 6
//             A E I O U Y → no digit, and they SEPARATE: "Bobby" is B1…, the second b counts
//             H W         → no digit, and they do NOT separate: "Ashcraft" is A261, s and c one 2
//
//   1. keep the first letter (upper case); it also counts as its own digit for rule 2
//   2. letters with the same digit side by side (or with only H or W between them) give one digit
//   3. stop at three digits; pad with 0 to four characters
//
// Only the letters A–Z count (either case): digits, separators and letters of other scripts are
// left out, as if they were not there. A name without any of A–Z has no code: "".

/** Length of a code: the first letter and three digits. */
export const SOUNDEX_LENGTH = 4;

/** The digit of each consonant that has one. */
const DIGITS: Readonly<Record<string, string>> = {
  B: "1",
  F: "1",
  P: "1",
  V: "1",
  C: "2",
  G: "2",
  J: "2",
  K: "2",
  Q: "2",
  S: "2",
  X: "2",
  Z: "2",
  D: "3",
  T: "3",
  L: "4",
  M: "5",
  N: "5",
  R: "6",
};

/** Letters that are not coded but keep two equal digits apart. */
const SEPARATING = new Set(["A", "E", "I", "O", "U", "Y"]);

/** The American Soundex code of `name`: "R163" for "Robert"; "" when it has no letter A–Z. */
export function soundex(name: string): string {
  // TODO(27): upper-case, keep A–Z; write the first letter and remember its digit; for each following letter: a
  // digit different from the one remembered is written (and remembered), a vowel (SEPARATING) forgets it, H and W
  // change nothing; stop at SOUNDEX_LENGTH characters; pad with "0".
  throw new Error(
    `TODO(27): soundex() is not implemented (name ${JSON.stringify(name)}, ${Object.keys(DIGITS).length} digits, ${SEPARATING.size} separating letters)`,
  );
}
