// The one hash every placement strategy of this chapter starts from: a string key (a normalized
// username, a node's name) to an unsigned 64-bit integer, the same on every machine and in every
// process, so that every router agrees on where a key lives.
//
//   keyHash(key) = mix64(fnv1a64(UTF-8 bytes of key))
//
// UTF-8, because a key is text and its bytes must not depend on how a runtime stores strings.
// mix64 is the finalizer of SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom
// number generators", OOPSLA 2014; the constants are Stafford's "Mix13", as in Vigna's
// splitmix64.c): xor-shift, multiply, xor-shift, multiply, xor-shift. It is a bijection on 64-bit
// words in which every input bit changes each output bit with probability close to 1/2, so the
// keys FNV leaves close together ("ada1", "ada2") land far apart, high bits included.
import { fnv1a64 } from "./fnv1a.ts";

const MIX_MULTIPLIER_1 = 0xbf58476d1ce4e5b9n;
const MIX_MULTIPLIER_2 = 0x94d049bb133111ebn;

/** SplitMix64's finalizer: a bijection on unsigned 64-bit integers with full avalanche. */
export function mix64(value: bigint): bigint {
  let z = BigInt.asUintN(64, value);
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * MIX_MULTIPLIER_1);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * MIX_MULTIPLIER_2);
  return z ^ (z >> 31n);
}

const ENCODER = new TextEncoder();
/** Room for the UTF-8 of any key up to 1,024 UTF-16 units (3 bytes each at most): no allocation per key. */
const SCRATCH = new Uint8Array(3 * 1_024);

function utf8(key: string): Uint8Array {
  if (key.length * 3 > SCRATCH.length) return ENCODER.encode(key);
  return SCRATCH.subarray(0, ENCODER.encodeInto(key, SCRATCH).written);
}

/** The 64-bit hash of a key, an unsigned integer in [0, 2^64). */
export function keyHash(key: string): bigint {
  if (typeof key !== "string") throw new TypeError(`key must be a string, not ${typeof key}`);
  return mix64(fnv1a64(utf8(key)));
}
