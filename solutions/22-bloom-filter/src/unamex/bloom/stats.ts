// What a filter can say about itself from its bits alone. A Bloom filter never refuses a key: past
// its capacity it keeps answering, with more and more false positives. Nothing in `has()` shows
// it, so the filter reports it instead, from the share of bits set (the fill ratio X / m):
//
//   estimated FPR     (X / m)^k          a key never added hits k set bits by chance
//   estimated count   −(m / k) · ln(1 − X / m)     (Swamidass & Baldi, J. Chem. Inf. Model., 2007)
//
// Both need only m, k and X, so the same figures come from an in-process filter (which counts its
// bits as it sets them), a filter read back from bytes, and a Redis key (BITCOUNT).
//
// A filter is *saturated* once its estimated FPR is more than SATURATION_FACTOR times the rate it
// was built for. Not at capacity exactly: there the FPR is p give or take noise (and a little above
// p, as k is rounded to a whole number), so a flag set at n would flicker; at 2p the filter is
// clearly past what it promised, and should be rebuilt larger.
//
//   keys in        0.5n     n        1.16n    2n      4n     (n = 1,000,000, p = 1 %: m = 9,585,059, k = 7)
//   fill ratio     0.31     0.52     0.57     0.77    0.95
//   estimated FPR  0.0003   0.0100   0.020    0.16    0.68
//   saturated      no       no       from here on: yes
import { byteLength } from "./bit-array.ts";
import type { BloomParameters } from "./sizing.ts";

export interface BloomStats extends BloomParameters {
  /** The memory the bits take: ⌈m / 8⌉. */
  readonly bytes: number;
  /** X: bits set to 1. */
  readonly bitsSet: number;
  /** X / m. */
  readonly fillRatio: number;
  /** The number of distinct keys that would set X bits (Infinity once every bit is set). */
  readonly estimatedCount: number;
  /** The false-positive rate of a lookup now: (X / m)^k. */
  readonly estimatedFpr: number;
  /** Past capacity: estimatedFpr is above SATURATION_FACTOR × errorRate. */
  readonly saturated: boolean;
}

/** How far past its promised error rate a filter may go before it is reported saturated. */
export const SATURATION_FACTOR = 2;

export function bloomStats(parameters: BloomParameters, bitsSet: number): BloomStats {
  const { bits, hashes, errorRate } = parameters;
  const fillRatio = bitsSet / bits;
  const estimatedFpr = fillRatio ** hashes;
  return {
    ...parameters,
    bytes: byteLength(bits),
    bitsSet,
    fillRatio,
    estimatedCount: (-bits / hashes) * Math.log(1 - fillRatio),
    estimatedFpr,
    saturated: estimatedFpr > SATURATION_FACTOR * errorRate,
  };
}
