// The near cache: names known to be taken, held in this process. With it, a warm check of a
// taken name is a lookup in memory instead of a Redis round trip — on a busy machine the round
// trip's tail (a millisecond or more at p99) is most of a check's cost.
//
// Why it holds "taken" answers only: a taken name stays taken (names are not released here), so
// that answer never goes stale, in this process or in any other. A "free" answer can be broken at
// any moment by a claim in another process, and only the shared cache hears of that claim.
//
// Bounded, least recently used dropped first. At most `capacity` names; 0 turns it off.

/** The most names a near cache may be asked to hold (about 100 bytes each). */
export const MAX_NEAR_CACHE_SIZE = 10_000_000;

export class NearCache {
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Whether `key` is known taken; a hit makes it the most recently used. */
  has(key: string): boolean {
    // TODO(25): look `key` up; on a hit, make it the most recently used (a Set iterates in
    // insertion order: delete it and add it again). For now: holds nothing.
    void key;
    return false;
  }

  /** `key` is taken: hold it, dropping the least recently used name when full. */
  add(key: string): void {
    // TODO(25): nothing when the capacity is 0; else add `key` as the most recently used, and
    // past the capacity delete the first name of the Set. For now: holds nothing.
    void key;
    void this.#capacity;
  }

  /** How many names it holds. */
  get size(): number {
    return 0;
  }
}
