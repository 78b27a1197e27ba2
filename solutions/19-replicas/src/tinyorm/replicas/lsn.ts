// A log sequence number: a byte position in the write-ahead log (docs §30.6, and the pg_lsn
// type, §8.20). PostgreSQL prints it as two 32-bit halves in hexadecimal, "16/B374D848": the
// high half, a slash, the low half. As one 64-bit number two LSNs compare and subtract, and
// the difference is a distance in bytes of WAL.

const LSN_FORMAT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

export function parseLsn(text: string): bigint {
  const match = LSN_FORMAT.exec(text);
  if (!match) throw new TypeError(`not a log sequence number: ${JSON.stringify(text)} (expected e.g. "16/B374D848")`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: bigint): string {
  const high = lsn >> 32n;
  const low = lsn & 0xffffffffn;
  return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;
}
