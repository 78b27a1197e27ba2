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
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new RangeError(`limit must be a whole number from 1, not ${String(limit)}`);
  const bonus = new Map<string, number>();
  const sources = new Map<string, Set<SuggestionSource>>();
  const found = (name: string, source: SuggestionSource, value: number) => {
    if (name === wanted) return;
    bonus.set(name, Math.max(bonus.get(name) ?? 0, value));
    const set = sources.get(name) ?? new Set();
    sources.set(name, set.add(source));
  };
  for (const { name, kind } of input.heuristics ?? []) found(name, kind, SOURCE_BONUS[kind]);
  for (const { name, strength } of input.phonetic ?? [])
    found(name, "phonetic", strength * PHONETIC_BONUS_PER_STRENGTH);
  for (const { name } of input.similar ?? []) found(name, "similar", SOURCE_BONUS.similar);
  const scale = 10 ** ROUNDING;
  const ranked = [...bonus].map(([name, best]) => ({
    name,
    score: Math.round((similarity(wanted, name) + best) * scale) / scale,
    sources: SOURCES.filter((source) => sources.get(name)!.has(source)),
  }));
  ranked.sort((a, b) => b.score - a.score || byCodePoints(a.name, b.name));
  return limit === undefined ? ranked : ranked.slice(0, limit);
}
