// Why a byte string is not a filter this code can read. A filter is read back from a file, a
// Redis key or the network: bytes that are cut short, overwritten or of another version must be
// refused with the reason, never loaded as a filter that quietly answers wrong.

export type FormatProblem =
  | "not-a-filter" // the magic bytes are not "UXBF"
  | "unsupported-version" // written by a later version of the format
  | "truncated" // fewer bytes than the header says the filter has
  | "trailing-bytes" // more bytes than the header says
  | "checksum" // the CRC-32 does not match: a bit or a byte changed
  | "bad-header"; // fields no filter could have (k = 0, m = 0 …)

export class BloomFormatError extends Error {
  override readonly name = "BloomFormatError";

  constructor(
    readonly problem: FormatProblem,
    message: string,
  ) {
    super(message);
  }
}
