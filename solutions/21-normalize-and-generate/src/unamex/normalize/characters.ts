// The allow-list. RFC 8265 §3.3 builds usernames on the PRECIS IdentifierClass (RFC 8264 §4.2):
// letters and digits, nothing invisible, no spaces, no symbols. This policy is narrower, and says
// so character by character: a letter of the Latin, Greek or Cyrillic script, an ASCII digit, and
// two separators, "_" and ".". Anything not listed is refused — new Unicode versions add
// characters every year, and a list of what is forbidden would let each of them in.

/** The scripts a name's letters may come from (Unicode Script property, UAX #24). */
export const SCRIPTS = ["Latin", "Greek", "Cyrillic"] as const;
export type Script = (typeof SCRIPTS)[number];

/** The characters that separate the parts of a name. */
export const SEPARATORS = ["_", "."] as const;

export type CharacterClass =
  | { kind: "letter"; script: Script }
  | { kind: "digit" }
  | { kind: "separator" }
  | { kind: "mark" }
  | { kind: "other" };

/** A letter (General_Category L) of each allowed script. */
const LETTER_OF = SCRIPTS.map((script) => [script, new RegExp(`^(?=\\p{L})\\p{Script=${script}}$`, "u")] as const);

/** Default_Ignorable_Code_Point: characters drawn as nothing (ZWSP, ZWJ, ZWNJ, soft hyphen, BOM…). */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
/** Bidi_Control: the characters that reorder what is drawn (LRM, RLM, LRE…RLO U+202E, isolates). */
const BIDI_CONTROL = /\p{Bidi_Control}/u;

const LATIN_LETTER: CharacterClass = { kind: "letter", script: "Latin" };
const DIGIT: CharacterClass = { kind: "digit" };

/** What one code point of a mapped name is, for the allow-list. */
export function classify(char: string): CharacterClass {
  // Most names are ASCII: answer those without a Unicode property lookup.
  if (char >= "a" && char <= "z" && char.length === 1) return LATIN_LETTER;
  if (char >= "0" && char <= "9" && char.length === 1) return DIGIT;
  if ((SEPARATORS as readonly string[]).includes(char)) return { kind: "separator" };
  if (/^\p{M}$/u.test(char)) return { kind: "mark" };
  for (const [script, letter] of LETTER_OF) if (letter.test(char)) return { kind: "letter", script };
  return { kind: "other" };
}

export function isBidiControl(char: string): boolean {
  return BIDI_CONTROL.test(char);
}

export function isInvisible(char: string): boolean {
  return INVISIBLE.test(char);
}

/** A lone surrogate: half of a UTF-16 pair without its other half, which no text can hold. */
export function isLoneSurrogate(char: string): boolean {
  const unit = char.charCodeAt(0);
  return char.length === 1 && unit >= 0xd800 && unit <= 0xdfff;
}
