// k bit positions from two hashes (Kirsch & Mitzenmacher, "Less Hashing, Same Performance:
// Building a Better Bloom Filter", ESA 2006): instead of k independent hash functions,
//
//   g_i = (h1 + i · h2) mod m        for i = 0 … k − 1
//
// gives the same false-positive rate as m and n grow, for the price of two hashes per key.
//
// Two details make it correct in JavaScript and for every m:
//
// - The step must not be 0 mod m, or all k positions are h1 and the filter behaves as if k = 1.
//   The paper takes m prime; libraries that take m a power of two force h2 odd. Here m is any
//   number, so a step of 0 is replaced by 1 (it happens for one h2 in m).
// - The arithmetic stays unsigned and exact: h1, h2 < 2^32 and m < 2^32, so adding the step to a
//   position below m never leaves the doubles' exact integers (2^53), and `% m` of a non-negative
//   number is never negative. `Math.imul(i, h2)` or `|` would wrap into negative numbers.
import { keyHashes } from "./key-hashes.ts";

/** The `hashes` positions, each in [0, bits), of a key whose hashes are `h1` and `h2`. */
export function bitIndexes(h1: number, h2: number, hashes: number, bits: number): number[] {
  // TODO(22): g_i = (h1 + i · step) mod m for i = 0 … hashes − 1, where step = h2 mod m, or 1
  // when that is 0; unsigned and exact all the way.
  throw new Error("TODO(22): bitIndexes() is not implemented");
}

/** The positions of a key in a filter of `bits` bits and `hashes` hashes: the same in process and in Redis. */
export function keyIndexes(key: string, filter: { readonly bits: number; readonly hashes: number }): number[] {
  const [h1, h2] = keyHashes(key);
  return bitIndexes(h1, h2, filter.hashes, filter.bits);
}
