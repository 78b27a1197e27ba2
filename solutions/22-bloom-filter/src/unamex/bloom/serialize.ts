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
  const out = Buffer.alloc(HEADER_BYTES + image.body.length);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt8(FORMAT_VERSION, 4);
  out.writeUInt8(image.hashes, 5);
  out.writeUInt32BE(image.bits, 8);
  out.writeUInt32BE(image.capacity, 12);
  out.writeDoubleBE(image.errorRate, 16);
  out.set(image.body, HEADER_BYTES);
  out.writeUInt32BE(checksum(out), CRC_AT);
  return out;
}

/** The image in `data` (its body a view of `data`, not a copy); a BloomFormatError says why not. */
export function decodeFilter(data: Uint8Array): FilterImage {
  if (!(data instanceof Uint8Array))
    throw new TypeError(`data must be a Buffer or a Uint8Array, not ${data === null ? "null" : typeof data}`);
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length < HEADER_BYTES)
    throw new BloomFormatError("truncated", `${bytes.length} bytes: shorter than the ${HEADER_BYTES}-byte header`);
  if (bytes.toString("latin1", 0, 4) !== MAGIC)
    throw new BloomFormatError("not-a-filter", `the data does not start with "${MAGIC}": not a serialized filter`);
  const version = bytes.readUInt8(4);
  if (version !== FORMAT_VERSION)
    throw new BloomFormatError(
      "unsupported-version",
      `format version ${version}: this code reads version ${FORMAT_VERSION}`,
    );
  const bits = bytes.readUInt32BE(8);
  const expected = HEADER_BYTES + byteLength(bits);
  if (bytes.length !== expected)
    throw new BloomFormatError(
      bytes.length < expected ? "truncated" : "trailing-bytes",
      `the header says ${bits} bits, so ${expected} bytes in all; got ${bytes.length}`,
    );
  const stored = bytes.readUInt32BE(CRC_AT);
  const computed = checksum(bytes);
  if (stored !== computed)
    throw new BloomFormatError(
      "checksum",
      `CRC-32 ${hex(computed)} is not the stored ${hex(stored)}: the data changed`,
    );
  const reserved = bytes.readUInt16BE(6);
  if (reserved !== 0) throw new BloomFormatError("bad-header", `reserved bytes 6–7 hold ${reserved}, not 0`);
  const image = {
    hashes: bytes.readUInt8(5),
    bits,
    capacity: bytes.readUInt32BE(12),
    errorRate: bytes.readDoubleBE(16),
    body: bytes.subarray(HEADER_BYTES),
  };
  try {
    checkParameters(image);
  } catch (error) {
    if (error instanceof RangeError) throw new BloomFormatError("bad-header", `the header's ${error.message}`);
    throw error;
  }
  return image;
}

/** CRC-32 of the header up to its checksum field, continued over the body. */
function checksum(bytes: Buffer): number {
  return crc32(bytes.subarray(HEADER_BYTES), crc32(bytes.subarray(0, CRC_AT)));
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
