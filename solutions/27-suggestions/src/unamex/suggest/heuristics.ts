// Candidates a person would think of when the name they wanted is taken: the same name with a
// year, other separators, a letter in leetspeak, a word swapped for a synonym. Cheap (no I/O, a
// few dozen strings) and predictable: the same name and year give the same list, in the same order.
//
//   "Ada.Lovelace" ─► policy ─► "ada.lovelace" ─► separators   ada_lovelace, adalovelace
//                                               ├► synonyms     (a word of the table: dev → coder …)
//                                               ├► years        ada.lovelace2026, ada.lovelace26, ada.lovelace_2026
//                                               └► leetspeak    4da.lovelace, ad4.lovelace, …
//                                                    │
//                          each through the policy again: only names it accepts, in canonical form,
//                          none twice, not the wanted name itself, at most MAX_HEURISTIC_CANDIDATES
import { normalizeUsername } from "../normalize/policy.ts";

/** Where a heuristic candidate came from. */
export type HeuristicKind = "separator" | "synonym" | "year" | "leetspeak";

export interface Candidate {
  /** The candidate, canonical (the policy's form). */
  name: string;
  kind: HeuristicKind;
}

/** The most heuristic candidates for one name: a page of suggestions and more, even when most of them are taken. */
export const MAX_HEURISTIC_CANDIDATES = 24;

/** The separators of chapter 21's policy. */
const SEPARATORS = [".", "_"] as const;

/** One letter written as the digit that looks like it. */
export const LEETSPEAK: Readonly<Record<string, string>> = { a: "4", e: "3", i: "1", o: "0", s: "5", t: "7" };

/** Words and what may stand for them; a word of a name is swapped for each in turn. */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  dev: ["developer", "coder"],
  developer: ["dev", "coder"],
  coder: ["dev", "developer"],
  photo: ["photos", "pics"],
  pics: ["photos", "photo"],
  music: ["tunes", "beats"],
  art: ["arts", "design"],
  design: ["art", "designs"],
  cat: ["kitty", "cats"],
  dog: ["pup", "dogs"],
  gamer: ["player", "games"],
  tech: ["techie", "geek"],
  travel: ["trips", "voyager"],
};

export interface HeuristicOptions {
  /** The year to append (default: this year, UTC). Fixed by callers that need the same list tomorrow. */
  year?: number;
}

/** The heuristic candidates for `wanted`, canonical and valid; [] when the policy refuses `wanted`. */
export function heuristicCandidates(wanted: string, options: HeuristicOptions = {}): Candidate[] {
  const verdict = normalizeUsername(wanted);
  if (!verdict.ok) return [];
  const base = verdict.name;
  const year = options.year ?? new Date().getUTCFullYear();
  const raw: Candidate[] = [
    ...separatorVariants(base).map((name) => ({ name, kind: "separator" as const })),
    ...synonymVariants(base).map((name) => ({ name, kind: "synonym" as const })),
    ...yearVariants(base, year).map((name) => ({ name, kind: "year" as const })),
    ...leetVariants(base).map((name) => ({ name, kind: "leetspeak" as const })),
  ];
  const seen = new Set([base]);
  const out: Candidate[] = [];
  for (const { name, kind } of raw) {
    // Through the policy again: a year can make a name too long, a swap can make it reserved.
    const checked = normalizeUsername(name);
    if (!checked.ok || seen.has(checked.name)) continue;
    seen.add(checked.name);
    out.push({ name: checked.name, kind });
    if (out.length === MAX_HEURISTIC_CANDIDATES) break;
  }
  return out;
}

/** The words of a name and the separators between them: "ada.love_lace" → ["ada", "love", "lace"], [".", "_"]. */
function split(name: string): { words: string[]; between: string[] } {
  const words = name.split(/[._]/);
  const between = name.match(/[._]/g) ?? [];
  return { words, between };
}

function join(words: readonly string[], between: readonly string[]): string {
  return words.map((word, i) => (i === 0 ? word : `${between[i - 1]}${word}`)).join("");
}

/** Every separator written as each other separator, and the words run together: "ada.lovelace" → "ada_lovelace", "adalovelace". */
function separatorVariants(name: string): string[] {
  const { words, between } = split(name);
  if (between.length === 0) return [];
  return [
    ...SEPARATORS.map((separator) =>
      join(
        words,
        between.map(() => separator),
      ),
    ),
    words.join(""),
  ];
}

/** Each word of the table swapped for each of its synonyms, one word at a time. */
function synonymVariants(name: string): string[] {
  const { words, between } = split(name);
  const out: string[] = [];
  for (const [i, word] of words.entries())
    for (const other of SYNONYMS[word] ?? []) out.push(join(words.with(i, other), between));
  return out;
}

/** The year, its last two digits, and the year after a separator. */
function yearVariants(name: string, year: number): string[] {
  const short = String(year % 100).padStart(2, "0");
  return [`${name}${year}`, `${name}${short}`, `${name}_${year}`];
}

/** One letter at a time in leetspeak, from the left, then all of them. */
function leetVariants(name: string): string[] {
  const chars = [...name];
  const out: string[] = [];
  for (const [i, char] of chars.entries()) {
    const digit = LEETSPEAK[char];
    if (digit !== undefined) out.push(chars.with(i, digit).join(""));
  }
  if (out.length > 1) out.push(chars.map((char) => LEETSPEAK[char] ?? char).join(""));
  return out;
}
