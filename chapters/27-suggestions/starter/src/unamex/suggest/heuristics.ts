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
  // TODO(27): base = normalizeUsername(wanted).name (refused: []). Raw variants of base, in this order: separators
  // (every separator as ".", then as "_", then none — only when it has one), synonyms (each word of SYNONYMS, one at a
  // time, each synonym in turn), years (name + year, name + its last two digits, name + "_" + year), leetspeak (each
  // letter of LEETSPEAK on its own, from the left, then all of them when there were two or more). Each through
  // normalizeUsername() again; keep the accepted, canonical, unseen ones (base counts as seen), at most
  // MAX_HEURISTIC_CANDIDATES.
  throw new Error(
    `TODO(27): heuristicCandidates() is not implemented (wanted ${JSON.stringify(wanted)}, year ${String(options.year)}, ${typeof normalizeUsername}, ${SEPARATORS.length} separators)`,
  );
}
