// Suggestions for a taken name: candidates from the three sources, ranked, and only the ones that
// are free — asked of chapter 25's availability path a batch at a time, best first, so that a
// page of ten usually costs one checkMany(): the filter in process, one MGET, at most one query
// per shard.
//
//   "ada.lovelace" ─► heuristics ─┐
//                  ─► phonetic ───┼─► rank ─► [40 best] ─► checkMany ─► free ones, in rank order
//                  ─► trigrams ───┘            [next 40] ─► checkMany ─►  … until `limit`, or MAX_BATCHES
//
// Nothing about availability is remembered here: a name claimed a moment ago is "taken" in the
// filter and the cache (chapter 25's claim()), so it is gone from the very next suggestions.
import type { CheckResult } from "../availability/availability.ts";
import { normalizeUsername } from "../normalize/policy.ts";
import { heuristicCandidates } from "./heuristics.ts";
import { TrigramIndex } from "./ngrams.ts";
import { PhoneticIndex } from "./phonetic-index.ts";
import { type Ranked, rankCandidates } from "./rank.ts";

/** Suggestions a call returns unless asked for another number. */
export const DEFAULT_SUGGESTIONS = 10;
/** The most suggestions one call returns: a form shows a handful, an API a page. */
export const MAX_SUGGESTIONS = 50;
/** The fewest names one checkMany() asks about: a round trip costs the same for 1 or 16. */
export const MIN_BATCH = 16;
/** The most checkMany() calls one suggest() makes: a name whose every variant is taken gets fewer suggestions, not a slow answer. */
export const MAX_BATCHES = 4;

/** What the suggester needs of chapter 25's Availability. */
export interface AvailabilityChecker {
  checkMany(names: readonly string[]): Promise<CheckResult[]>;
}

export interface SuggesterOptions {
  availability: AvailabilityChecker;
  /** The names phonetic and trigram neighbours are drawn from (taken or not). */
  lexicon: Iterable<string>;
  /** The year heuristic candidates carry (default: this year, UTC). */
  year?: number;
}

export interface SuggestOptions {
  /** How many suggestions, 1 to MAX_SUGGESTIONS (default DEFAULT_SUGGESTIONS). */
  limit?: number;
}

/** Names asked about per checkMany() for a page of `limit`: twice the page, so that a few taken ones still fill it. */
export function batchSize(limit: number): number {
  return Math.max(MIN_BATCH, 2 * limit);
}

export class Suggester {
  readonly #availability: AvailabilityChecker;
  readonly #phonetic: PhoneticIndex;
  readonly #trigrams: TrigramIndex;
  readonly #year: number | undefined;

  constructor(options: SuggesterOptions) {
    if (typeof options?.availability?.checkMany !== "function")
      throw new TypeError("options.availability must have checkMany() (chapter 25's Availability)");
    const lexicon = [...options.lexicon];
    this.#availability = options.availability;
    this.#phonetic = PhoneticIndex.from(lexicon);
    this.#trigrams = TrigramIndex.from(lexicon);
    this.#year = options.year;
  }

  /** Every candidate for `wanted`, ranked, free or not; [] when the policy refuses `wanted`. */
  candidates(wanted: string): Ranked[] {
    const verdict = normalizeUsername(wanted);
    if (!verdict.ok) return [];
    const name = verdict.name;
    return rankCandidates(name, {
      heuristics: heuristicCandidates(name, this.#year === undefined ? {} : { year: this.#year }),
      phonetic: this.#phonetic.neighbours(name),
      similar: this.#trigrams.similar(name),
    });
  }

  /** The best `limit` candidates that are free, in rank order. */
  async suggest(wanted: string, options: SuggestOptions = {}): Promise<Ranked[]> {
    // TODO(27): wanted not a string: TypeError naming wanted; limit (default DEFAULT_SUGGESTIONS) not a whole number
    // from 1 to MAX_SUGGESTIONS: RangeError naming limit. Then this.candidates(wanted), asked of
    // this.#availability.checkMany() a slice of batchSize(limit) names at a time, best first, at most MAX_BATCHES
    // slices: keep the candidates whose answer is available, and return as soon as there are limit of them.
    throw new Error(
      `TODO(27): Suggester.suggest() is not implemented (wanted ${JSON.stringify(wanted)}, limit ${String(options.limit)}, ${typeof this.#availability})`,
    );
  }
}
