// MurmurHash3, x86 32-bit variant (Austin Appleby, SMHasher, 2011): fast, well mixed, and not
// cryptographic — a Bloom filter needs bits spread evenly, not resistance to an attacker.
//
// JavaScript numbers are doubles, and its bit operators work on *signed* 32-bit integers:
//
//   0xcc9e2d51 * 0x1b873593          a 63-bit product: the double rounds its low bits away
//   Math.imul(0xcc9e2d51, 0x1b873593) the low 32 bits, as C's uint32_t multiply keeps them
//   0x80000000 | 0                    −2147483648: the top bit read as a sign
//   0x80000000 >>> 0                  2147483648: `>>> 0` reads the same bits as unsigned
//
// So every multiply is Math.imul, and the result is made unsigned with `>>> 0` once, at the end.
// A hash that comes out negative is the classic JavaScript Bloom bug: `h % m` is then negative
// too, and a typed array silently ignores a write at a negative index.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Rotates a 32-bit value left by `r` bits. */
function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** MurmurHash3_x86_32 of `data`: an unsigned 32-bit integer, the same as SMHasher's. */
export function murmur3x86_32(data: Uint8Array, seed = 0): number {
  // TODO(22): the body four bytes at a time (little-endian), the one to three tail bytes, then
  // the finalizer; every multiply with Math.imul, and the result made unsigned at the end.
  throw new Error("TODO(22): murmur3x86_32() is not implemented");
}
