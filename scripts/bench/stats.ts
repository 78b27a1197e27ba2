// The two statistics the bench reports: percentiles of one run's latencies, and the median of
// several rounds.

/**
 * The q-quantile (0 < q ≤ 1) of ascending values by nearest rank: the smallest value with at
 * least q of all values at or below it. p99 of 1,000 latencies is the 990th — a latency that
 * was really measured, never an interpolation between two.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
