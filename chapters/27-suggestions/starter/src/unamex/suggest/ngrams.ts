// Names spelled like the wanted one: character trigrams, as Postgres' pg_trgm counts them. A name
// is padded with two spaces in front and one behind, so that its start weighs more than its end
// and a one-letter difference at the start still leaves most trigrams in common:
//
//   "ada"  → "  a", " ad", "ada", "da "           "adam" → "  a", " ad", "ada", "dam", "am "
//   shared 3 of 6 distinct trigrams: Jaccard 3/6 = 0.5, Dice 2·3/(4+5) = 0.667
//
// Trigrams are of code points, not UTF-16 units: "😀ab" has the trigrams of three characters.
// The sets are compared, not multisets: a letter said three times counts once, as in pg_trgm.
import { normalizeUsername } from "../normalize/policy.ts";
import { byCodePoints } from "./order.ts";

/** The most similar names one query returns. */
export const MAX_SIMILAR = 50;
/** The least Dice similarity a name needs to be similar at all (pg_trgm's default threshold is 0.3 for its own measure). */
export const MIN_SIMILARITY = 0.4;

/** The distinct trigrams of `name`, padded "  " + name + " ", in the order they first occur. */
export function trigrams(name: string): string[] {
  // TODO(27): [" ", " ", ...name, " "] (code points, not UTF-16 units); every run of three joined, each once, in order.
  throw new Error(`TODO(27): trigrams() is not implemented (name ${JSON.stringify(name)})`);
}

/** |A ∩ B| / |A ∪ B| of two sets of trigrams; 1 for two empty sets. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  // TODO(27): shared / (|A| + |B| − shared).
  throw new Error(`TODO(27): jaccard() is not implemented (${a.length} and ${b.length} trigrams)`);
}

/** 2 |A ∩ B| / (|A| + |B|): Jaccard's cousin, kinder to a short name inside a long one. */
export function dice(a: readonly string[], b: readonly string[]): number {
  // TODO(27): 2 · shared / (|A| + |B|).
  throw new Error(`TODO(27): dice() is not implemented (${a.length} and ${b.length} trigrams)`);
}

/** The Dice similarity of two names' trigrams. */
export function similarity(a: string, b: string): number {
  return dice(trigrams(a), trigrams(b));
}

export interface Similar {
  name: string;
  /** Dice similarity to the query, 0 to 1. */
  score: number;
}

/** An inverted index: each trigram → the names that have it. A query reads only its own trigrams' lists. */
export class TrigramIndex {
  private constructor() {}

  /** The index of `names` in the policy's canonical form; names it refuses are left out. */
  static from(names: Iterable<string>): TrigramIndex {
    // TODO(27): each name the policy accepts, once (canonical): an id, its number of trigrams, and the id added to the
    // list of each of its trigrams.
    throw new Error(`TODO(27): TrigramIndex.from() is not implemented (${typeof names}, ${typeof normalizeUsername})`);
  }

  get size(): number {
    throw new Error("TODO(27): TrigramIndex.size is not implemented");
  }

  /**
   * The names whose Dice similarity to `wanted` is at least MIN_SIMILARITY (not `wanted` itself),
   * the most similar first, ties in code point order; at most `limit`.
   */
  similar(wanted: string, limit = MAX_SIMILAR): Similar[] {
    // TODO(27): normalize wanted (refused: []); count, for each id on the lists of its trigrams, the trigrams shared;
    // score = 2 · shared / (its count + theirs); keep score ≥ MIN_SIMILARITY, not wanted itself; sort by score
    // (descending), then byCodePoints; at most min(limit, MAX_SIMILAR).
    throw new Error(
      `TODO(27): TrigramIndex.similar() is not implemented (wanted ${JSON.stringify(wanted)}, limit ${limit}, ${typeof byCodePoints})`,
    );
  }
}
