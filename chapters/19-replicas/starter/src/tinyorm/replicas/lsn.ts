// A log sequence number: a byte position in the write-ahead log (docs §30.6, and the pg_lsn
// type, §8.20). PostgreSQL prints it as two 32-bit halves in hexadecimal, "16/B374D848": the
// high half, a slash, the low half. As one 64-bit number two LSNs compare and subtract, and
// the difference is a distance in bytes of WAL.

export function parseLsn(_text: string): bigint {
  throw new Error(
    'TODO(19): parseLsn — "16/B374D848" is (0x16n << 32n) | 0xB374D848n; refuse anything else with a TypeError',
  );
}

export function formatLsn(_lsn: bigint): string {
  throw new Error("TODO(19): formatLsn — the high 32 bits, a slash, the low 32 bits, in upper-case hexadecimal");
}
