// One list out of three sources. Every candidate gets one score, so a list can be cut anywhere
// and two runs give the same order:
//
//   score = dice(wanted, name)            how alike they are spelled (ngrams.ts), 0 to 1
//         + the best bonus of its sources  how much a person would take it for their name
//
//   source     separator  synonym  year  leetspeak  phonetic (strength 3/2/1)  similar
//   bonus      0.5        0.4      0.3   0.2        0.3 / 0.2 / 0.1           0
//
// A name from two sources gets the better bonus, not the sum: two sources finding one name is no
// reason to put it above a better name found once. Scores are rounded to ROUNDING places, so
// that sums of floats that are equal on paper are equal here, and ties go in code point order.
import type { Candidate, HeuristicKind } from "./heuristics.ts";
import { type Similar, similarity } from "./ngrams.ts";
import { byCodePoints } from "./order.ts";
import type { Neighbour } from "./phonetic-index.ts";

/** Where a suggestion came from. */
export type SuggestionSource = HeuristicKind | "phonetic" | "similar";

/** The order sources are listed in. */
export const SOURCES: readonly SuggestionSource[] = [
  "separator",
  "synonym",
  "year",
  "leetspeak",
  "phonetic",
  "similar",
];

/** The bonus of each source (phonetic: per unit of strength). */
export const SOURCE_BONUS: Readonly<Record<Exclude<SuggestionSource, "phonetic">, number>> = {
  separator: 0.5,
  synonym: 0.4,
  year: 0.3,
  leetspeak: 0.2,
  similar: 0,
};
/** A phonetic neighbour's bonus is its strength (1 to 3) times this. */
export const PHONETIC_BONUS_PER_STRENGTH = 0.1;
/** Decimal places a score is rounded to. */
export const ROUNDING = 6;

export interface Ranked {
  name: string;
  score: number;
  /** Every source that found it, in the order of SOURCES. */
  sources: SuggestionSource[];
}

export interface RankInput {
  heuristics?: readonly Candidate[];
  phonetic?: readonly Neighbour[];
  similar?: readonly Similar[];
}

/** The candidates for `wanted` (canonical), merged by name, scored, best first; at most `limit` (default all). */
export function rankCandidates(wanted: string, input: RankInput, limit?: number): Ranked[] {
  // TODO(27): a limit that is not a whole number from 1: RangeError naming limit. For each candidate of each source
  // (not wanted itself): the best bonus so far (SOURCE_BONUS, a phonetic one strength × PHONETIC_BONUS_PER_STRENGTH)
  // and the set of its sources. score = similarity(wanted, name) + bonus, rounded to ROUNDING places; sources in the
  // order of SOURCES; sort by score (descending), then byCodePoints; the first limit.
  throw new Error(
    `TODO(27): rankCandidates() is not implemented (wanted ${JSON.stringify(wanted)}, ${Object.keys(input).length} sources, limit ${String(limit)}, ${typeof similarity}, ${typeof byCodePoints})`,
  );
}
