// How people make usernames, as weighted patterns over a first name, a last name and a word:
// "john.smith", "jsmith", "john1987", "j0hn42", "happy_john". The weights are a plausible mix,
// not a measurement; what matters for the chapters ahead is that names share prefixes, collide
// often for popular first names, and carry years, separators and leetspeak.

export interface Parts {
  /** As the name list writes them: "John", "Smith". */
  first: string;
  last: string;
  /** A lowercase English word: "happy", "tiger". */
  word: string;
}

export interface Pattern {
  /** How it reads, for the README and a failing check: "first.last". */
  shape: string;
  weight: number;
  build(parts: Parts, random: () => number): string;
}

/** Letters people swap for digits that look like them. */
export const LEET: ReadonlyMap<string, string> = new Map([
  ["a", "4"],
  ["e", "3"],
  ["i", "1"],
  ["o", "0"],
  ["s", "5"],
  ["t", "7"],
]);

/** Years people were born in, as they put them in names. */
export const FIRST_YEAR = 1950;
export const LAST_YEAR = 2012;

/** Each swappable letter of `text` swapped with probability one half. */
export function leetspeak(text: string, random: () => number): string {
  let out = "";
  for (const char of text) out += LEET.has(char) && random() < 0.5 ? (LEET.get(char) ?? char) : char;
  return out;
}

export function birthYear(random: () => number): number {
  return FIRST_YEAR + Math.floor(random() * (LAST_YEAR - FIRST_YEAR + 1));
}

const lower = (text: string) => text.toLowerCase();
const initial = (text: string) => [...lower(text)][0] ?? "";
const upTo = (max: number, random: () => number) => 1 + Math.floor(random() * max);

export const PATTERNS: readonly Pattern[] = [
  { shape: "first", weight: 6, build: (p) => lower(p.first) },
  { shape: "firstlast", weight: 12, build: (p) => lower(p.first + p.last) },
  { shape: "first.last", weight: 12, build: (p) => lower(`${p.first}.${p.last}`) },
  { shape: "first_last", weight: 8, build: (p) => lower(`${p.first}_${p.last}`) },
  { shape: "First.Last", weight: 5, build: (p) => `${p.first}.${p.last}` },
  { shape: "first1987", weight: 12, build: (p, r) => `${lower(p.first)}${birthYear(r)}` },
  { shape: "first87", weight: 8, build: (p, r) => `${lower(p.first)}${String(birthYear(r) % 100).padStart(2, "0")}` },
  { shape: "first123", weight: 10, build: (p, r) => `${lower(p.first)}${upTo(999, r)}` },
  { shape: "flast", weight: 8, build: (p) => initial(p.first) + lower(p.last) },
  { shape: "first.l", weight: 4, build: (p) => `${lower(p.first)}.${initial(p.last)}` },
  { shape: "word_first", weight: 5, build: (p) => `${p.word}_${lower(p.first)}` },
  { shape: "wordlast42", weight: 4, build: (p, r) => `${p.word}${lower(p.last)}${upTo(99, r)}` },
  { shape: "l33t42", weight: 6, build: (p, r) => `${leetspeak(lower(p.first), r)}${upTo(99, r)}` },
];

const TOTAL_WEIGHT = PATTERNS.reduce((sum, p) => sum + p.weight, 0);

/** A pattern, drawn by weight. */
export function pickPattern(random: () => number): Pattern {
  let left = random() * TOTAL_WEIGHT;
  for (const pattern of PATTERNS) {
    left -= pattern.weight;
    if (left < 0) return pattern;
  }
  return PATTERNS[PATTERNS.length - 1] as Pattern;
}
