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
  // TODO(10): stage 10.2. Byte 0: 0x80 (FIN) | opcode. Byte 1: the length when it is at most 125;
  // else 126 and the length in 2 bytes (up to MAX_16_BIT_LENGTH, writeUInt16BE); else 127 and the
  // length in 8 bytes (writeBigUInt64BE). No MASK bit, no key: a server never masks. Then the payload.
  throw new Error(`TODO(10): encodeFrame is not implemented (opcode ${opcode}, ${payload.length} bytes)`);
}
