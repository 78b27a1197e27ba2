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
  private step: Step = "head";
  /** How many bytes the current step waits for, and those it has so far. */
  private need = 2;
  private pieces: Buffer[] = [];
  private have = 0;
  private failed = false;
  /** The frame being read, from its first two bytes on. */
  private fin = false;
  private opcode: Opcode = 0;
  private length = 0;
  private key: Buffer = Buffer.alloc(0);

  /** `maxPayloadBytes`: a longer frame is refused with 1009 from its header alone. */
  constructor(private readonly maxPayloadBytes: number) {}

  /** Feeds the next bytes and returns the events they complete, in order. */
  push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let rest = chunk;
    while (!this.failed) {
      const take = Math.min(this.need - this.have, rest.length);
      if (take > 0) {
        this.pieces.push(rest.subarray(0, take));
        this.have += take;
        rest = rest.subarray(take);
      }
      // A step that needs 0 bytes (an empty payload) completes at once, even at the end of a chunk.
      if (this.have < this.need) break;
      const bytes = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces, this.have);
      this.pieces = [];
      this.have = 0;
      const event = this.advance(bytes);
      if (event?.type === "error") this.failed = true;
      if (event) events.push(event);
    }
    return events;
  }

  /** The current step has its bytes: act on them, and set the next step. */
  private advance(bytes: Buffer): FrameEvent | undefined {
    switch (this.step) {
      case "head":
        return this.readHead(bytes[0]!, bytes[1]!);
      case "length16":
        return this.readLength(bytes.readUInt16BE(0));
      case "length64": {
        const high = bytes.readUInt32BE(0);
        // The most significant bit MUST be 0 (§5.2): lengths are 63-bit.
        if (high >= 0x8000_0000) return refuse(CloseCode.PROTOCOL_ERROR, "a 64-bit length with its high bit set");
        return this.readLength(high * 2 ** 32 + bytes.readUInt32BE(4));
      }
      case "mask":
        this.key = bytes;
        return this.expect("payload", this.length);
      case "payload": {
        // `bytes` may be a view of the caller's chunk: unmask a copy, never write to the caller's memory.
        const payload = applyMask(Buffer.from(bytes), this.key);
        this.expect("head", 2);
        return { type: "frame", frame: { fin: this.fin, opcode: this.opcode, payload } };
      }
    }
  }

  private readHead(first: number, second: number): FrameEvent | undefined {
    const opcode = first & 0x0f;
    const length7 = second & 0x7f;
    // RSV1–3 carry meaning only for an extension both sides negotiated; microfast offers none.
    if ((first & 0x70) !== 0) return refuse(CloseCode.PROTOCOL_ERROR, "RSV bits set without a negotiated extension");
    if (!isKnownOpcode(opcode)) return refuse(CloseCode.PROTOCOL_ERROR, `the reserved opcode 0x${opcode.toString(16)}`);
    this.fin = (first & 0x80) !== 0;
    this.opcode = opcode;
    if (isControl(opcode)) {
      // Control frames must stand alone and be short enough to answer at once (§5.5).
      if (!this.fin) return refuse(CloseCode.PROTOCOL_ERROR, "a fragmented control frame");
      if (length7 > MAX_CONTROL_PAYLOAD_BYTES)
        return refuse(CloseCode.PROTOCOL_ERROR, `a control frame longer than ${MAX_CONTROL_PAYLOAD_BYTES} bytes`);
    }
    // A server MUST close the connection on a frame a client did not mask (§5.1).
    if ((second & 0x80) === 0) return refuse(CloseCode.PROTOCOL_ERROR, "an unmasked frame from a client");
    if (length7 === 126) return this.expect("length16", 2);
    if (length7 === 127) return this.expect("length64", 8);
    return this.readLength(length7);
  }

  private readLength(length: number): FrameEvent | undefined {
    if (length > this.maxPayloadBytes)
      return refuse(CloseCode.MESSAGE_TOO_BIG, `a ${length}-byte frame; the limit is ${this.maxPayloadBytes}`);
    this.length = length;
    return this.expect("mask", 4);
  }

  private expect(step: Step, bytes: number): undefined {
    this.step = step;
    this.need = bytes;
    return undefined;
  }
}

function refuse(code: number, reason: string): FrameEvent {
  return { type: "error", error: { code, reason } };
}
