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
  const chars = [" ", " ", ...name, " "];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  return [...out];
}

/** |A ∩ B| / |A ∪ B| of two sets of trigrams; 1 for two empty sets. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const shared = common(a, b);
  const union = a.length + b.length - shared;
  return union === 0 ? 1 : shared / union;
}

/** 2 |A ∩ B| / (|A| + |B|): Jaccard's cousin, kinder to a short name inside a long one. */
export function dice(a: readonly string[], b: readonly string[]): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * common(a, b)) / total;
}

/** The Dice similarity of two names' trigrams. */
export function similarity(a: string, b: string): number {
  return dice(trigrams(a), trigrams(b));
}

function common(a: readonly string[], b: readonly string[]): number {
  const other = new Set(b);
  let shared = 0;
  for (const gram of new Set(a)) if (other.has(gram)) shared++;
  return shared;
}

export interface Similar {
  name: string;
  /** Dice similarity to the query, 0 to 1. */
  score: number;
}

/** An inverted index: each trigram → the names that have it. A query reads only its own trigrams' lists. */
export class TrigramIndex {
  readonly #names: string[] = [];
  readonly #grams: number[] = [];
  readonly #byGram = new Map<string, number[]>();
  #shared: Uint8Array | undefined;

  private constructor() {}

  /** The index of `names` in the policy's canonical form; names it refuses are left out. */
  static from(names: Iterable<string>): TrigramIndex {
    const index = new TrigramIndex();
    const seen = new Set<string>();
    for (const typed of names) {
      const verdict = normalizeUsername(typed);
      if (!verdict.ok || seen.has(verdict.name)) continue;
      seen.add(verdict.name);
      const id = index.#names.push(verdict.name) - 1;
      const grams = trigrams(verdict.name);
      index.#grams.push(grams.length);
      for (const gram of grams) {
        const list = index.#byGram.get(gram);
        if (list) list.push(id);
        else index.#byGram.set(gram, [id]);
      }
    }
    return index;
  }

  get size(): number {
    return this.#names.length;
  }

  /** The counters similar() uses, all zero between queries (it puts back every one it touched). */
  #counters(): Uint8Array {
    if (this.#shared?.length !== this.#names.length) this.#shared = new Uint8Array(this.#names.length);
    return this.#shared;
  }

  /**
   * The names whose Dice similarity to `wanted` is at least MIN_SIMILARITY (not `wanted` itself),
   * the most similar first, ties in code point order; at most `limit`.
   */
  similar(wanted: string, limit = MAX_SIMILAR): Similar[] {
    const verdict = normalizeUsername(wanted);
    if (!verdict.ok) return [];
    const mine = trigrams(verdict.name);
    // Count the shared trigrams of every name that has at least one, reading only the query's lists:
    // one counter per name in a typed array (a Map here costs more than the rest of the query); a
    // name shares at most its own MAX_LENGTH + 1 trigrams, so a byte holds any count.
    const shared = this.#counters();
    const touched: number[] = [];
    for (const gram of mine)
      for (const id of this.#byGram.get(gram) ?? []) {
        const count = shared[id]!;
        if (count === 0) touched.push(id);
        shared[id] = count + 1;
      }
    const found: Similar[] = [];
    for (const id of touched) {
      const count = shared[id]!;
      shared[id] = 0;
      const name = this.#names[id]!;
      const score = (2 * count) / (mine.length + this.#grams[id]!);
      if (score >= MIN_SIMILARITY && name !== verdict.name) found.push({ name, score });
    }
    return found
      .sort((a, b) => b.score - a.score || byCodePoints(a.name, b.name))
      .slice(0, Math.min(limit, MAX_SIMILAR));
  }
}
