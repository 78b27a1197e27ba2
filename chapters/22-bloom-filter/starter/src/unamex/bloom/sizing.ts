// How big a Bloom filter must be. For n keys and a wanted false-positive rate p, the optimal
// number of bits m and of hash functions k are (Broder & Mitzenmacher, "Network Applications of
// Bloom Filters: A Survey", 2004, §2.1):
//
//   m = ⌈ −n · ln p / (ln 2)² ⌉        about 9.59 bits a key for p = 1 %, 14.38 for 0.1 %
//   k = round( (m / n) · ln 2 )        7 for p = 1 %, 10 for 0.1 %
//
// and, after n keys, a key never added is reported present with probability about
//
//   (1 − e^(−k·n/m))^k
//
// The bits are addressed by 32-bit hashes (murmur3.ts), so a filter has fewer than 2^32 of them:
// 512 MiB, which is also the largest string Redis stores (redis-bloom.ts).

/** What a filter is sized from and what its sizing gave. */
export interface BloomParameters {
  /** n: the number of distinct keys the filter is sized for. */
  readonly capacity: number;
  /** p: the false-positive rate wanted when `capacity` keys are in. */
  readonly errorRate: number;
  /** m: the number of bits. */
  readonly bits: number;
  /** k: the number of bit positions each key sets. */
  readonly hashes: number;
}

/** m must be addressable by a 32-bit hash and fit in a Redis string (512 MiB = 2^32 bits). */
export const MAX_BITS = 0xffff_ffff;
/** Below one error in a billion, k passes 30 and each lookup reads 30 cache lines: use an exact set. */
export const MIN_ERROR_RATE = 1e-9;
/** Above ½, log2(1/p) is below 1 and the optimal k rounds to zero: such a filter filters nothing. */
export const MAX_ERROR_RATE = 0.5;
/** k for MIN_ERROR_RATE is 30; a filter built by hand may use a few more, not hundreds. */
export const MAX_HASHES = 32;

/** m and k for `capacity` keys at `errorRate`; a RangeError naming the argument for what cannot be built. */
export function bloomParameters(capacity: number, errorRate: number): BloomParameters {
  // TODO(22): a RangeError naming capacity unless it is a safe whole number ≥ 1, and one naming
  // errorRate unless it is a number from MIN_ERROR_RATE to MAX_ERROR_RATE; then m and k by the
  // formulas above (m rounded up, k to the nearest whole number), and a RangeError if m > MAX_BITS.
  throw new Error("TODO(22): bloomParameters() is not implemented");
}

/** The false-positive rate expected of `bits` and `hashes` once `count` distinct keys are in. */
export function expectedFalsePositiveRate(bits: number, hashes: number, count: number): number {
  // TODO(22): (1 − e^(−k·n/m))^k.
  throw new Error("TODO(22): expectedFalsePositiveRate() is not implemented");
}

/** Parameters a filter can be built on (given by hand or read back); a RangeError names the field that is not. */
export function checkParameters(parameters: BloomParameters): BloomParameters {
  const { capacity, errorRate, bits, hashes } = parameters;
  if (!Number.isInteger(bits) || bits < 1 || bits > MAX_BITS)
    throw new RangeError(`bits must be a whole number from 1 to ${MAX_BITS}, not ${String(bits)}`);
  if (!Number.isInteger(hashes) || hashes < 1 || hashes > MAX_HASHES)
    throw new RangeError(`hashes must be a whole number from 1 to ${MAX_HASHES}, not ${String(hashes)}`);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > bits)
    throw new RangeError(`capacity must be a whole number from 1 to bits (${bits}), not ${String(capacity)}`);
  if (!(errorRate >= MIN_ERROR_RATE && errorRate <= MAX_ERROR_RATE))
    throw new RangeError(
      `errorRate must be a number from ${MIN_ERROR_RATE} to ${MAX_ERROR_RATE}, not ${String(errorRate)}`,
    );
  return parameters;
}
