// FNV-1a, 64-bit (Fowler, Noll and Vo; specified in draft-eastlake-fnv, §2): start from the
// offset basis, and for every byte XOR it into the low bits and multiply by the FNV prime, modulo
// 2^64. One multiply per byte, no table, no state beyond one word: a fine first stage for short
// keys such as usernames.
//
// Its weakness is at the end of the input. The last byte is multiplied by the prime only once,
// and the prime is 2^40 + 0x1b3: that byte reaches the low bits and, shifted by 40, the bits from
// 40 up, but keys that differ only in their last character ("ada1", "ada2") still share most of
// their high bits. key-hash.ts finishes the hash with a mixer for that reason.

/** The offset basis of 64-bit FNV: the FNV-0 hash of a 32-byte signature, fixed by the spec. */
export const FNV_OFFSET_BASIS = 0xcbf29ce484222325n;
/** The 64-bit FNV prime, 2^40 + 2^8 + 0xb3. */
export const FNV_PRIME = 0x100000001b3n;

/** FNV-1a 64 of `bytes`, an unsigned 64-bit integer. */
export function fnv1a64(bytes: Uint8Array): bigint {
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < bytes.length; i++) hash = BigInt.asUintN(64, (hash ^ BigInt(bytes[i] ?? 0)) * FNV_PRIME);
  return hash;
}
