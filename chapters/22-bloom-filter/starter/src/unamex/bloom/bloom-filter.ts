// A Bloom filter (Bloom, "Space/Time Trade-offs in Hash Coding with Allowable Errors", CACM 1970):
// a set that answers "certainly not in" or "probably in", in m bits whatever the keys' length.
//
//   add("ada"):  keyHashes → [h1, h2] → bitIndexes → k positions → set each bit
//   has("ada"):  the same k positions → all set? "probably in" : "certainly not in"
//
//   bits  0 0 1 0 0 1 0 0 0 1 0 1 0 0 1 0 …
//             ▲     ▲                 ▲           the k = 3 positions of "ada"
//
// A key added is always found (no false negatives): its bits are only ever set, never cleared.
// A key not added is found when other keys happened to set all of its k bits: a false positive,
// at the rate the sizing chose (sizing.ts). Nothing can be removed: clearing a bit could clear it
// for another key too.
import { byteLength, countOnes, setBit, testBit } from "./bit-array.ts";
import { keyIndexes } from "./double-hashing.ts";
import { decodeFilter, encodeFilter } from "./serialize.ts";
import { type BloomParameters, bloomParameters, checkParameters } from "./sizing.ts";
import { type BloomStats, bloomStats } from "./stats.ts";

export class BloomFilter implements BloomParameters {
  readonly capacity: number;
  readonly errorRate: number;
  readonly bits: number;
  readonly hashes: number;
  readonly #bytes: Uint8Array;
  /** X, kept as bits are set, so stats() costs nothing. */
  #bitsSet: number;

  /** A filter sized for `capacity` distinct keys at a false-positive rate of `errorRate`. */
  static forCapacity(capacity: number, errorRate: number): BloomFilter {
    return new BloomFilter(bloomParameters(capacity, errorRate));
  }

  /** Reads back what serialize() wrote; a BloomFormatError says what is wrong with other bytes. */
  static deserialize(data: Uint8Array): BloomFilter {
    const { body, ...parameters } = decodeFilter(data);
    return new BloomFilter(parameters, Uint8Array.from(body));
  }

  /** An empty filter, or one over existing bits (`bytes` is used as it is, not copied). */
  constructor(parameters: BloomParameters, bytes?: Uint8Array) {
    const { capacity, errorRate, bits, hashes } = checkParameters(parameters);
    if (bytes && bytes.length !== byteLength(bits))
      throw new RangeError(`bytes must hold ${byteLength(bits)} bytes for ${bits} bits, not ${bytes.length}`);
    this.capacity = capacity;
    this.errorRate = errorRate;
    this.bits = bits;
    this.hashes = hashes;
    this.#bytes = bytes ?? new Uint8Array(byteLength(bits));
    this.#bitsSet = bytes ? countOnes(bytes) : 0;
  }

  /** Adds a key; true when it set a new bit, so the key was certainly not in before. */
  add(key: string): boolean {
    // TODO(22): set the bit at each of the key's positions (keyIndexes, setBit), counting in
    // #bitsSet the bits that were 0; true if there was one.
    throw new Error("TODO(22): BloomFilter.add() is not implemented");
  }

  /** False: the key was never added. True: it probably was (see errorRate, and stats()). */
  has(key: string): boolean {
    // TODO(22): true when the bit at every one of the key's positions is set (testBit).
    throw new Error("TODO(22): BloomFilter.has() is not implemented");
  }

  /** Adds every key; returns how many set a new bit. */
  addAll(keys: Iterable<string>): number {
    // TODO(22): add() each key, counting the ones that set a new bit.
    throw new Error("TODO(22): BloomFilter.addAll() is not implemented");
  }

  /** The fill ratio, the estimated count and false-positive rate, and whether it is past capacity. */
  stats(): BloomStats {
    return bloomStats(parametersOf(this), this.#bitsSet);
  }

  /** A copy of the bits, in Redis's bit order (bit-array.ts). */
  toBytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  /** The versioned, checksummed bytes of serialize.ts. */
  serialize(): Buffer {
    return encodeFilter({ ...parametersOf(this), body: this.#bytes });
  }
}

export function parametersOf(filter: BloomParameters): BloomParameters {
  return { capacity: filter.capacity, errorRate: filter.errorRate, bits: filter.bits, hashes: filter.hashes };
}
