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
  // TODO(09): the counts, one per bucket (a Float64Array of bucketOf(MAX_LATENCY_US) + 1), and
  // beside them, exactly: how many values, their sum, the lowest and the highest.

  /** Records one latency in microseconds: a finite number ≥ 0. */
  record(us: number): void {
    // TODO(09): a RangeError for anything but a finite number ≥ 0. Round it, clamp it to
    // MAX_LATENCY_US, add one to its bucket, and keep count, sum, lowest and highest.
    throw new Error(`TODO(09): LatencyHistogram.record() is not implemented (${us} µs)`);
  }

  /** Adds every value recorded by `other`: one histogram per connection, merged at the end. */
  merge(other: LatencyHistogram): void {
    // TODO(09): add its counts bucket by bucket, its count and its sum; the lower lowest, the higher highest.
    throw new Error(`TODO(09): LatencyHistogram.merge() is not implemented (${other.constructor.name})`);
  }

  get count(): number {
    throw new Error("TODO(09): LatencyHistogram.count is not implemented");
  }

  /** The smallest value recorded, exactly; NaN when nothing is. */
  get min(): number {
    throw new Error("TODO(09): LatencyHistogram.min is not implemented");
  }

  /** The largest value recorded (clamped to MAX_LATENCY_US), exactly; NaN when nothing is. */
  get max(): number {
    throw new Error("TODO(09): LatencyHistogram.max is not implemented");
  }

  /** The sum over the count, exactly; NaN when nothing is recorded. */
  get mean(): number {
    throw new Error("TODO(09): LatencyHistogram.mean is not implemented");
  }

  /**
   * The value at percentile `p` (0–100) by the nearest-rank method: the smallest recorded value
   * with at least p% of the values at or below it, to within the precision of its bucket. The
   * 0th percentile is the minimum, the 100th the maximum, both exact. NaN when nothing is recorded.
   */
  percentile(p: number): number {
    // TODO(09): a RangeError unless 0 ≤ p ≤ 100; NaN when empty; p 0 and 100 are the lowest and
    // highest. Otherwise the rank is Math.ceil(p / 100 × count): walk the buckets from the first,
    // adding up counts, and answer the middle of the bucket where the sum reaches the rank — kept
    // between the lowest and the highest value recorded.
    throw new Error(`TODO(09): LatencyHistogram.percentile() is not implemented (p = ${p})`);
  }
}

/** The bucket of a whole number of microseconds. */
function bucketOf(value: number): number {
  // TODO(09): below EXACT_BELOW, the value itself. Above, which doubling it is in —
  // Math.floor(Math.log2(value)) − log2(EXACT_BELOW): 128–255 is doubling 0, 256–511 doubling 1 —
  // and which of the doubling's SUB_BUCKETS equal widths (2^(doubling + 1) each).
  throw new Error(`TODO(09): bucketOf() is not implemented (${value}, ${EXACT_BELOW}, ${SUB_BUCKETS})`);
}

/** The value in the middle of a bucket. */
function middleOf(bucket: number): number {
  // TODO(09): bucketOf() backwards: the bucket's doubling, its start, plus half its width.
  throw new Error(`TODO(09): middleOf() is not implemented (bucket ${bucket})`);
}
