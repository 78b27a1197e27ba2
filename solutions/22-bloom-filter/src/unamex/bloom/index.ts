export { byteLength, countOnes, setBit, testBit } from "./bit-array.ts";
export { BloomFilter, parametersOf } from "./bloom-filter.ts";
export { bitIndexes, keyIndexes } from "./double-hashing.ts";
export { BloomFormatError, type FormatProblem } from "./format-error.ts";
export { HASH_SEEDS, keyHashes, utf8 } from "./key-hashes.ts";
export { murmur3x86_32 } from "./murmur3.ts";
export { BATCH_KEYS, RedisBloom } from "./redis-bloom.ts";
export { decodeFilter, encodeFilter, type FilterImage, FORMAT_VERSION, HEADER_BYTES, MAGIC } from "./serialize.ts";
export {
  type BloomParameters,
  bloomParameters,
  checkParameters,
  expectedFalsePositiveRate,
  MAX_BITS,
  MAX_ERROR_RATE,
  MAX_HASHES,
  MIN_ERROR_RATE,
} from "./sizing.ts";
export { type BloomStats, bloomStats, SATURATION_FACTOR } from "./stats.ts";
