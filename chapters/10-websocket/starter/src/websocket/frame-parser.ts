// Frames out of a byte stream (RFC 6455 §5.2), whatever the packets: a frame may arrive one byte
// per packet, and one packet may hold many frames. The parser is a state machine that always
// waits for a known number of bytes, then decides what comes next:
//
//   "head" 2 bytes ──► "length16" 2 bytes ──┐
//          │       └─► "length64" 8 bytes ──┤
//          └────────────────────────────────┴─► "mask" 4 bytes ──► "payload" length bytes ──► frame
//
// Everything that can be refused is refused as soon as the bytes that show it are in, before a
// byte of the payload is waited for or stored: a frame that declares 2^62 bytes costs nothing.
// Its events are plain data; the connection decides what to do with them.
import { CloseCode, type ProtocolError } from "./close-codes.ts";
import { type Frame, isControl, isKnownOpcode, MAX_CONTROL_PAYLOAD_BYTES, type Opcode } from "./frame.ts";
import { applyMask } from "./masking.ts";

export type FrameEvent =
  | { readonly type: "frame"; readonly frame: Frame }
  /** The bytes break the protocol; the parser stops here for good. */
  | { readonly type: "error"; readonly error: ProtocolError };

type Step = "head" | "length16" | "length64" | "mask" | "payload";

export class FrameParser {
  /** `maxPayloadBytes`: a longer frame is refused with 1009 from its header alone. */
  constructor(private readonly maxPayloadBytes: number) {}

  /** Feeds the next bytes and returns the events they complete, in order. */
  push(chunk: Buffer): FrameEvent[] {
    // TODO(10): stage 10.2 — a state machine over the steps above. Keep the bytes of the current
    // step until it has all it needs (a chunk may end anywhere, even inside the 2-byte head), then:
    //   "head": FIN = first & 0x80, opcode = first & 0x0f, MASK = second & 0x80, length7 = second & 0x7f;
    //           126 → "length16" (readUInt16BE), 127 → "length64" (high * 2 ** 32 + low);
    //   then "mask" (4 bytes), then "payload" (length bytes, unmasked with applyMask on a copy: never
    //   write into the caller's chunk) → a { type: "frame" } event. A payload of 0 bytes needs no more.
    // Stage 10.3 — refuse in "head", with refuse(CloseCode.PROTOCOL_ERROR, …): RSV bits (first & 0x70),
    //   an opcode that is not isKnownOpcode(), a control frame (isControl) without FIN or with
    //   length7 > MAX_CONTROL_PAYLOAD_BYTES, MASK not set; in "length64": a high bit set (>= 0x80000000).
    // Stage 10.6 — once the length is known: more than this.maxPayloadBytes → CloseCode.MESSAGE_TOO_BIG.
    // After an "error" event, parse nothing more.
    throw new Error(`TODO(10): FrameParser.push is not implemented (${chunk.length} bytes)`);
  }
}

function refuse(code: number, reason: string): FrameEvent {
  return { type: "error", error: { code, reason } };
}
