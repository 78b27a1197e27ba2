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
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`a Zipf sampler needs at least one rank, not ${size}`);
    this.#cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank++) {
      total += 1 / (rank + 1) ** exponent;
      this.#cumulative[rank] = total;
    }
  }

  /** A rank in [0, size): rank 0 the most likely. `uniform` is a number in [0, 1). */
  sample(uniform: number): number {
    const cumulative = this.#cumulative;
    const target = uniform * (cumulative[cumulative.length - 1] ?? 0);
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
