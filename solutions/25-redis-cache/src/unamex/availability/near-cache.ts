// The near cache: names known to be taken, held in this process. With it, a warm check of a
// taken name is a lookup in memory instead of a Redis round trip — on a busy machine the round
// trip's tail (a millisecond or more at p99) is most of a check's cost.
//
// Why it holds "taken" answers only: a taken name stays taken (names are not released here), so
// that answer never goes stale, in this process or in any other. A "free" answer can be broken at
// any moment by a claim in another process, and only the shared cache hears of that claim (the
// SET of claim()); a copy of "free" in this process would go on saying "available" after it.
//
// Bounded, least recently used dropped first: a JavaScript Set iterates in insertion order, so
// taking a name out and putting it back on every hit moves it to the end, and the first name is
// the one unused the longest. At most `capacity` names; 0 turns the near cache off.

/** The most names a near cache may be asked to hold (about 100 bytes each). */
export const MAX_NEAR_CACHE_SIZE = 10_000_000;

export class NearCache {
  readonly #capacity: number;
  readonly #names = new Set<string>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Whether `key` is known taken; a hit makes it the most recently used. */
  has(key: string): boolean {
    if (!this.#names.delete(key)) return false;
    this.#names.add(key);
    return true;
  }

  /** `key` is taken: hold it, dropping the least recently used name when full. */
  add(key: string): void {
    if (this.#capacity === 0) return;
    this.#names.delete(key);
    this.#names.add(key);
    if (this.#names.size > this.#capacity) {
      const oldest = this.#names.values().next().value as string;
      this.#names.delete(oldest);
    }
  }

  /** How many names it holds. */
  get size(): number {
    return this.#names.size;
  }
}
