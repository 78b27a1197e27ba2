// A filter as bytes, to write to a file, send, or keep: a fixed header, then the bits exactly as
// they are in memory and in Redis (bit-array.ts). Numbers are big-endian.
//
//   offset  size   field
//   0       4      magic       "UXBF" (unamex Bloom filter)
//   4       1      version     1
//   5       1      hashes      k
//   6       2      reserved    0
//   8       4      bits        m
//   12      4      capacity    n
//   16      8      errorRate   p, an IEEE 754 double
//   24      4      crc32       CRC-32 (zlib's) of bytes 0–23, continued over the body
//   28      ⌈m/8⌉  body        the bits
//
// The version comes right after the magic, so that a reader refuses a format it does not know
// before it trusts any other field; and the checksum covers the header as well as the body, since
// one flipped bit in m or k would make every answer wrong. decodeFilter() checks, in order: that
// there is a header, the magic, the version, that the body is as long as m says, the checksum,
// and last that the fields make a filter.
import { crc32 } from "node:zlib";
import { byteLength } from "./bit-array.ts";
import { BloomFormatError } from "./format-error.ts";
import { type BloomParameters, checkParameters } from "./sizing.ts";

export const MAGIC = "UXBF";
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 28;
const CRC_AT = 24;

/** A filter's parameters and its bits, as the format holds them. */
export interface FilterImage extends BloomParameters {
  readonly body: Uint8Array;
}

export function encodeFilter(image: FilterImage): Buffer {
  // TODO(22): the header's fields at their offsets (big-endian), the body at HEADER_BYTES, then
  // checksum() of it all written at CRC_AT.
  throw new Error("TODO(22): encodeFilter() is not implemented");
}

/** The image in `data` (its body a view of `data`, not a copy); a BloomFormatError says why not. */
export function decodeFilter(data: Uint8Array): FilterImage {
  // TODO(22): a TypeError unless data is a Uint8Array; then a BloomFormatError, in this order,
  // for: fewer than HEADER_BYTES bytes ("truncated"), the magic ("not-a-filter"), the version
  // ("unsupported-version"), a length other than HEADER_BYTES + ⌈m/8⌉ ("truncated" or
  // "trailing-bytes"), the checksum ("checksum"), reserved bytes that are not 0 and fields that
  // checkParameters() refuses ("bad-header"). Each message one line, saying what was found.
  throw new Error("TODO(22): decodeFilter() is not implemented");
}

/** CRC-32 of the header up to its checksum field, continued over the body. */
function checksum(bytes: Buffer): number {
  // TODO(22): zlib's crc32() of bytes 0 … CRC_AT − 1, continued (its second argument) over the body.
  throw new Error("TODO(22): checksum() is not implemented");
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
