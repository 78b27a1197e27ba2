// The filter's m bits, eight to a byte, in the order Redis numbers the bits of a string: bit 0 is
// the most significant bit of byte 0 (SETBIT and BITFIELD, https://redis.io/docs/latest/commands/setbit/).
// With the same order here, an in-process filter's bytes and the Redis key's value are the same
// bytes, so one can be loaded into the other (redis-bloom.ts) and a check can compare them.
//
//   bit:   0 1 2 3 4 5 6 7 | 8 9 …
//   byte:  ───── 0 ─────── | ── 1 …      mask of bit i: 0x80 >>> (i & 7)

/** The bytes that hold `bits` bits. */
export function byteLength(bits: number): number {
  return Math.ceil(bits / 8);
}

export function testBit(bytes: Uint8Array, index: number): boolean {
  return (bytes[index >>> 3]! & (0x80 >>> (index & 7))) !== 0;
}

/** Sets bit `index`; true when it was 0 before (the key brought something new). */
export function setBit(bytes: Uint8Array, index: number): boolean {
  const at = index >>> 3;
  const mask = 0x80 >>> (index & 7);
  const before = bytes[at]!;
  bytes[at] = before | mask;
  return (before & mask) === 0;
}

/** Bits set in each byte value, for counting a whole array (BITCOUNT's job in Redis). */
const ONES = Uint8Array.from({ length: 256 }, (_, byte) => {
  let ones = 0;
  for (let b = byte; b !== 0; b &= b - 1) ones++;
  return ones;
});

export function countOnes(bytes: Uint8Array): number {
  let ones = 0;
  for (const byte of bytes) ones += ONES[byte]!;
  return ones;
}
