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
  // TODO(21): the other characters of Latin, Greek and Cyrillic whose fold (CaseFolding.txt,
  // status C or F) is not their toLowerCase(): ẞ, ſ, µ, ŉ, ǰ, ẖ ẗ ẘ ẙ ẚ, ẛ, ς, ΐ, ΰ, U+0345, U+1FBE,
  // and the Greek symbol forms ϐ ϑ ϕ ϖ ϰ ϱ ϵ.
]);

/** Full case folding of `text`, one code point at a time. */
export function caseFold(text: string): string {
  // TODO(21): each code point's entry in FULL_FOLDING, or its own toLowerCase().
  throw new Error("TODO(21): caseFold() is not implemented");
}
