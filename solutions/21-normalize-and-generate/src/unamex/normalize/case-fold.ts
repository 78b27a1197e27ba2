// Case folding: the mapping Unicode defines for comparing text without regard to case
// (Unicode §3.13, CaseFolding.txt). It is not toLowerCase(). Lowercasing is for display, and
// "ß" is already lowercase, so "Straße".toLowerCase() and "STRASSE".toLowerCase() differ; folded,
// both are "strasse". Final sigma lowercases to "ς" at the end of a word and folds to "σ"
// everywhere, so "ΟΔΟΣ" and "οδοσ" are one name, whatever position a letter is in.
//
// Full folding (status C and F in CaseFolding.txt) is, for most characters, the character's own
// lowercase mapping. FULL_FOLDING lists the exceptions among the scripts this policy allows
// (Latin, Greek, Cyrillic): the characters whose fold is not what toLowerCase() gives them.
// Every other character is lowercased on its own, one code point at a time, so no context rule
// (final sigma) ever applies.
//
// Left out on purpose: the Greek letters with iota subscript (U+1F80–U+1FFC, status F, e.g.
// "ᾳ" → "αι"): they stay as they lowercase, so "ᾳ" and "αι" are two names. The Turkic folds
// (status T: "I" → "ı") are locale-dependent and never used: a name means one thing everywhere.

/** The fold of each character whose fold differs from its toLowerCase(), from CaseFolding.txt. */
export const FULL_FOLDING: ReadonlyMap<string, string> = new Map([
  ["\u00DF", "ss"], // ß  F: LATIN SMALL LETTER SHARP S
  ["\u1E9E", "ss"], // ẞ  F: LATIN CAPITAL LETTER SHARP S (toLowerCase gives ß)
  ["\u017F", "s"], // ſ  C: LATIN SMALL LETTER LONG S
  ["\u00B5", "\u03BC"], // µ  C: MICRO SIGN → Greek mu
  ["\u0149", "\u02BCn"], // ŉ  F: LATIN SMALL LETTER N PRECEDED BY APOSTROPHE
  ["\u01F0", "j\u030C"], // ǰ  F: LATIN SMALL LETTER J WITH CARON
  ["\u1E96", "h\u0331"], // ẖ  F
  ["\u1E97", "t\u0308"], // ẗ  F
  ["\u1E98", "w\u030A"], // ẘ  F
  ["\u1E99", "y\u030A"], // ẙ  F
  ["\u1E9A", "a\u02BE"], // ẚ  F
  ["\u1E9B", "\u1E61"], // ẛ  C: LONG S WITH DOT ABOVE → ṡ
  ["\u03C2", "\u03C3"], // ς  C: GREEK SMALL LETTER FINAL SIGMA → σ
  ["\u0390", "\u03B9\u0308\u0301"], // ΐ  F
  ["\u03B0", "\u03C5\u0308\u0301"], // ΰ  F
  ["\u0345", "\u03B9"], // ͅ  C: COMBINING GREEK YPOGEGRAMMENI → ι
  ["\u1FBE", "\u03B9"], // ι  C: GREEK PROSGEGRAMMENI
  ["\u03D0", "\u03B2"], // ϐ  C: GREEK BETA SYMBOL
  ["\u03D1", "\u03B8"], // ϑ  C: GREEK THETA SYMBOL
  ["\u03D5", "\u03C6"], // ϕ  C: GREEK PHI SYMBOL
  ["\u03D6", "\u03C0"], // ϖ  C: GREEK PI SYMBOL
  ["\u03F0", "\u03BA"], // ϰ  C: GREEK KAPPA SYMBOL
  ["\u03F1", "\u03C1"], // ϱ  C: GREEK RHO SYMBOL
  ["\u03F5", "\u03B5"], // ϵ  C: GREEK LUNATE EPSILON SYMBOL
]);

/** Full case folding of `text`, one code point at a time. */
export function caseFold(text: string): string {
  let folded = "";
  for (const char of text) folded += FULL_FOLDING.get(char) ?? char.toLowerCase();
  return folded;
}
