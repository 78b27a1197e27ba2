// Deduplication after normalization: "John.Smith" and "john.smith" are one account, so the set
// holds canonical names (from the policy), not what was generated. A Set of a million short
// strings takes about 50 MB of heap (measured in the README): fine for 1M, not for 1B — a
// later chapter's Bloom filter answers "seen?" in a fraction of that, with a bounded error.
export class SeenNames {
  readonly #seen = new Set<string>();

  /** True the first time a canonical name is added, false for every later time. */
  add(canonical: string): boolean {
    if (this.#seen.has(canonical)) return false;
    this.#seen.add(canonical);
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }
}
