// The two hashes of a key that double hashing (double-hashing.ts) needs. A key is a normalized
// username (chapter 21), a string; what is hashed is its UTF-8 bytes, so that "жук" hashes the
// same here, in another language and in a Lua script, and never depends on UTF-16.
//
// h1 and h2 are MurmurHash3 with two different seeds: two independent 32-bit hashes, 64 bits in
// all, which is what Kirsch and Mitzenmacher's construction asks for.
import { murmur3x86_32 } from "./murmur3.ts";

/** The seeds of h1 and h2: any two different values; fixed, because a stored filter depends on them. */
export const HASH_SEEDS = [0x0000_0000, 0x9747_b28c] as const;

/** One buffer reused for every key: encoding a million names allocates no buffer per name. */
let scratch = Buffer.alloc(256);

/** A key's UTF-8 bytes, in a view of the shared buffer that is valid until the next call. */
export function utf8(key: string): Uint8Array {
  // A UTF-16 unit never needs more than three UTF-8 bytes (a surrogate pair's two need four).
  // Buffer.write() stops silently where the buffer ends, so the room is made first.
  if (scratch.length < key.length * 3) scratch = Buffer.alloc(key.length * 3);
  const written = scratch.write(key, "utf8");
  return scratch.subarray(0, written);
}

/** [h1, h2] of a key: MurmurHash3 of its UTF-8 bytes with each seed of HASH_SEEDS. */
export function keyHashes(key: string): [number, number] {
  if (typeof key !== "string") throw new TypeError(`a key must be a string, not ${typeof key}`);
  const bytes = utf8(key);
  return [murmur3x86_32(bytes, HASH_SEEDS[0]), murmur3x86_32(bytes, HASH_SEEDS[1])];
}
