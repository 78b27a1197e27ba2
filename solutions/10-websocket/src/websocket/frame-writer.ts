// Frames the server sends (RFC 6455 §5.2): FIN set, no RSV bits, never masked (§5.1 — a client
// MUST fail a connection whose server masks), and the length in the fewest bytes that hold it:
//
//   payload bytes        length field
//   0–125                the 7 bits of byte 1
//   126–65 535           126, then 16 bits, big-endian
//   65 536 and more      127, then 64 bits, big-endian (the high bit 0)
import type { Opcode } from "./frame.ts";

/** The largest length the 16-bit field holds. */
const MAX_16_BIT_LENGTH = 0xffff;

/** One whole, unfragmented frame: header and payload in one buffer, ready for socket.write(). */
export function encodeFrame(opcode: Opcode, payload: Uint8Array): Buffer {
  const length = payload.length;
  const extended = length <= 125 ? 0 : length <= MAX_16_BIT_LENGTH ? 2 : 8;
  const frame = Buffer.allocUnsafe(2 + extended + length);
  frame[0] = 0x80 | opcode;
  if (extended === 0) {
    frame[1] = length;
  } else if (extended === 2) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, 2 + extended);
  return frame;
}
