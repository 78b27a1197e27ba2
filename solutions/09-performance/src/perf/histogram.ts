// Latencies, recorded in buckets that keep a fixed relative precision: exact up to 128 µs,
// then 64 buckets for every doubling, so any value is off by at most 1/64 (1.6%) — whether it
// is 200 µs or 20 s. A million samples cost the same few kilobytes as ten: a load generator
// can record every response without keeping them, and percentiles stay honest. (HdrHistogram,
// which autocannon and wrk2 use, works the same way.)
//
//   value (µs)   0 … 127    128 … 255      256 … 511      512 … 1023   …
//   bucket       one each   64 of width 2  64 of width 4  64 of width 8 …

/** Values below this are recorded exactly. */
const EXACT_BELOW = 128;
/** Buckets per doubling above EXACT_BELOW: the relative precision is 1/SUB_BUCKETS. */
const SUB_BUCKETS = 64;
/** The largest value recorded: one hour in microseconds. Longer latencies are clamped to it. */
export const MAX_LATENCY_US = 3_600_000_000;

export class LatencyHistogram {
  private readonly counts = new Float64Array(bucketOf(MAX_LATENCY_US) + 1);
  private total = 0;
  private sum = 0;
  private lowest = Number.POSITIVE_INFINITY;
  private highest = Number.NEGATIVE_INFINITY;

  /** Records one latency in microseconds: a finite number ≥ 0. */
  record(us: number): void {
    if (!Number.isFinite(us) || us < 0) throw new RangeError(`a latency must be a finite number ≥ 0, not ${us}`);
    const value = Math.min(Math.round(us), MAX_LATENCY_US);
    this.counts[bucketOf(value)]!++;
    this.total++;
    this.sum += value;
    if (value < this.lowest) this.lowest = value;
    if (value > this.highest) this.highest = value;
  }

  /** Adds every value recorded by `other`: one histogram per connection, merged at the end. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sum += other.sum;
    this.lowest = Math.min(this.lowest, other.lowest);
    this.highest = Math.max(this.highest, other.highest);
  }

  get count(): number {
    return this.total;
  }

  get min(): number {
    return this.total === 0 ? Number.NaN : this.lowest;
  }

  get max(): number {
    return this.total === 0 ? Number.NaN : this.highest;
  }

  get mean(): number {
    return this.total === 0 ? Number.NaN : this.sum / this.total;
  }

  /**
   * The value at percentile `p` (0–100) by the nearest-rank method: the smallest recorded value
   * with at least p% of the values at or below it, to within the precision of its bucket. The
   * 0th percentile is the minimum, the 100th the maximum, both exact. NaN when nothing is recorded.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`a percentile is between 0 and 100, not ${p}`);
    if (this.total === 0) return Number.NaN;
    if (p === 0) return this.lowest;
    if (p === 100) return this.highest;
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let bucket = 0; bucket < this.counts.length; bucket++) {
      seen += this.counts[bucket]!;
      // The bucket's middle, but never outside what was actually recorded.
      if (seen >= rank) return Math.min(Math.max(middleOf(bucket), this.lowest), this.highest);
    }
    return this.highest;
  }
}

/** The bucket of a whole number of microseconds. */
function bucketOf(value: number): number {
  if (value < EXACT_BELOW) return value;
  // 128–255 is doubling 0, 256–511 doubling 1, …; within one, SUB_BUCKETS equal widths.
  const doubling = Math.floor(Math.log2(value)) - Math.log2(EXACT_BELOW);
  const width = 2 ** (doubling + 1);
  return EXACT_BELOW + doubling * SUB_BUCKETS + Math.floor((value - EXACT_BELOW * 2 ** doubling) / width);
}

/** The value in the middle of a bucket. */
function middleOf(bucket: number): number {
  if (bucket < EXACT_BELOW) return bucket;
  const doubling = Math.floor((bucket - EXACT_BELOW) / SUB_BUCKETS);
  const width = 2 ** (doubling + 1);
  const start = EXACT_BELOW * 2 ** doubling + ((bucket - EXACT_BELOW) % SUB_BUCKETS) * width;
  return start + Math.floor(width / 2);
}
