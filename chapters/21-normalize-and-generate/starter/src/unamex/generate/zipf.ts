// Popularity that follows Zipf's law: the k-th most common first name is about 1/k^s as common as
// the first. Real name frequencies look like this (a few names are everywhere, most are rare),
// and so do the collisions a username service sees: "john" is taken a thousand times before "ezra".
//
// Sampling: the cumulative weights are computed once; a uniform number in [0, total) is looked up
// by binary search, so a draw costs O(log n) and never allocates.

/** The exponent of the law: about 1 for English first names (s = 0 would make every name as common). */
export const ZIPF_EXPONENT = 1.1;

export class ZipfSampler {
  readonly #cumulative: Float64Array;

  constructor(size: number, exponent = ZIPF_EXPONENT) {
    // TODO(21): a RangeError for a size that is not a whole number ≥ 1; then, in #cumulative, the
    // running sum of 1 / (rank + 1) ** exponent over the ranks.
    this.#cumulative = new Float64Array(0);
    throw new Error("TODO(21): new ZipfSampler() is not implemented");
  }

  /** A rank in [0, size): rank 0 the most likely. `uniform` is a number in [0, 1). */
  sample(uniform: number): number {
    // TODO(21): the first rank whose cumulative weight is above uniform × the total (binary search).
    throw new Error("TODO(21): ZipfSampler.sample() is not implemented");
  }
}
