// A documented subset of Unicode's confusables.txt (UTS #39 §4): each source character and the
// prototype it looks like. The full file maps about 6,000 characters; these are the ones an
// attacker reaches for first against names written in the scripts this policy allows.
//
// confusables.txt maps from any case ("0" → "O", "I" → "l"). Names reach the skeleton already
// case-folded, so this table is written for folded text: every source and prototype is lowercase,
// and "0" goes to "o", the prototype of folded "O".
//
// The table is for comparison only. A skeleton is not a name: "admin" has the skeleton "adrnin".

export const CONFUSABLES: ReadonlyMap<string, string> = new Map([
  // Cyrillic letters drawn like Latin ones (MA: mixed-script, any-case)
  ["\u0430", "a"], // а CYRILLIC SMALL LETTER A
  ["\u0435", "e"], // е CYRILLIC SMALL LETTER IE
  ["\u043E", "o"], // о CYRILLIC SMALL LETTER O
  ["\u0440", "p"], // р CYRILLIC SMALL LETTER ER
  ["\u0441", "c"], // с CYRILLIC SMALL LETTER ES
  ["\u0445", "x"], // х CYRILLIC SMALL LETTER HA
  ["\u0443", "y"], // у CYRILLIC SMALL LETTER U
  ["\u0456", "i"], // і CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
  ["\u0458", "j"], // ј CYRILLIC SMALL LETTER JE
  ["\u0455", "s"], // ѕ CYRILLIC SMALL LETTER DZE
  ["\u04BB", "h"], // һ CYRILLIC SMALL LETTER SHHA
  ["\u0501", "d"], // ԁ CYRILLIC SMALL LETTER KOMI DE
  ["\u051B", "q"], // ԛ CYRILLIC SMALL LETTER QA
  ["\u051D", "w"], // ԝ CYRILLIC SMALL LETTER WE
  ["\u04CF", "l"], // ӏ CYRILLIC SMALL LETTER PALOCHKA
  // Greek
  ["\u03BF", "o"], // ο GREEK SMALL LETTER OMICRON
  ["\u03B1", "a"], // α GREEK SMALL LETTER ALPHA
  ["\u03BD", "v"], // ν GREEK SMALL LETTER NU
  ["\u03B9", "i"], // ι GREEK SMALL LETTER IOTA
  ["\u03C1", "p"], // ρ GREEK SMALL LETTER RHO
  // Latin look-alikes of Latin letters
  ["\u0131", "i"], // ı LATIN SMALL LETTER DOTLESS I
  ["\u0237", "j"], // ȷ LATIN SMALL LETTER DOTLESS J
  ["\u0251", "a"], // ɑ LATIN SMALL LETTER ALPHA
  ["\u0261", "g"], // ɡ LATIN SMALL LETTER SCRIPT G
  ["m", "rn"], // m → rn: two letters drawn close together read as one
  // Digits drawn like letters
  ["0", "o"], // 0 DIGIT ZERO (→ "O" in confusables.txt; folded here)
  ["1", "l"], // 1 DIGIT ONE → l
]);
