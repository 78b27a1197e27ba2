// A WebSocket frame (RFC 6455 §5.2) as plain data: what the parser hands on and the writer takes.
//
//   byte 0           byte 1            0, 2 or 8 bytes        0 or 4 bytes     length bytes
//   FIN RSV1-3 opcode  MASK length7    extended length        masking key      payload
//    1    3      4      1     7        (length7 = 126: 16 bits,  (MASK = 1)
//                                       length7 = 127: 64 bits)
//
// A message is one frame with FIN set, or a first frame and continuation frames, the last with
// FIN set (§5.4). Control frames (close, ping, pong) stand alone and may come between them.

export const Opcode = {
  /** The next fragment of a message begun by a text or binary frame. */
  CONTINUATION: 0x0,
  /** A message of UTF-8 text. */
  TEXT: 0x1,
  /** A message of bytes. */
  BINARY: 0x2,
  /** The close handshake (§5.5.1). */
  CLOSE: 0x8,
  /** "Are you there?" (§5.5.2) */
  PING: 0x9,
  /** "Yes": the answer to a ping, or a one-way heartbeat (§5.5.3). */
  PONG: 0xa,
} as const;

export type Opcode = (typeof Opcode)[keyof typeof Opcode];

const OPCODES: ReadonlySet<number> = new Set(Object.values(Opcode));

/** Opcodes 0x3–0x7 and 0xB–0xF are reserved for later versions of the protocol (§5.2). */
export function isKnownOpcode(opcode: number): opcode is Opcode {
  return OPCODES.has(opcode);
}

/** Control frames are the opcodes with the high bit set (§5.5). */
export function isControl(opcode: Opcode): boolean {
  return (opcode & 0x8) !== 0;
}

/** A control frame's payload fits the 7-bit length: at most 125 bytes (§5.5). */
export const MAX_CONTROL_PAYLOAD_BYTES = 125;

export interface Frame {
  /** The last frame of its message (always set on control frames). */
  readonly fin: boolean;
  readonly opcode: Opcode;
  /** Already unmasked. */
  readonly payload: Buffer;
}
