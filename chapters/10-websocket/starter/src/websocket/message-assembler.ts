// Messages out of data frames (RFC 6455 §5.4). A message is one frame with FIN set, or a text or
// binary frame without FIN followed by continuation frames, the last with FIN. Control frames may
// come between the fragments; the connection answers them and never passes them here.
//
//   TEXT fin=0 "Hel" ─► CONT fin=0 "lo, " ─► (PING) ─► CONT fin=1 "world" ─► text "Hello, world"
//
// Two limits hold across the fragments: the size of the whole message (1009 past it), and, for
// text, UTF-8 — checked fragment by fragment, so a message fails at the first byte that cannot be
// valid, and a character split between two fragments is still whole.
import { CloseCode, type ProtocolError } from "./close-codes.ts";
import { type Frame, Opcode } from "./frame.ts";
import type { Utf8Validator } from "./utf8.ts";

export type Message =
  | { readonly type: "text"; readonly data: string }
  | { readonly type: "binary"; readonly data: Buffer };

export type Assembly =
  | { readonly type: "message"; readonly message: Message }
  /** A fragment was taken; the message goes on. */
  | { readonly type: "partial" }
  | { readonly type: "error"; readonly error: ProtocolError };

/** The message being assembled from its fragments. */
interface Unfinished {
  readonly opcode: typeof Opcode.TEXT | typeof Opcode.BINARY;
  readonly pieces: Buffer[];
  bytes: number;
  /** Text only: the UTF-8 check, carried from fragment to fragment. */
  readonly utf8: Utf8Validator | undefined;
}

export class MessageAssembler {
  private current: Unfinished | undefined;

  constructor(private readonly maxMessageBytes: number) {}

  /** Takes the next data frame (text, binary or continuation). */
  push(frame: Frame): Assembly {
    // Given, so that whole messages flow from stage 10.2 on: a text or binary frame with FIN, when no
    // message is in progress, is a message. It checks neither UTF-8 nor the size: replace it.
    if (frame.fin && frame.opcode !== Opcode.CONTINUATION && !this.current) {
      const message: Message =
        frame.opcode === Opcode.TEXT
          ? { type: "text", data: frame.payload.toString("utf8") }
          : { type: "binary", data: frame.payload };
      return { type: "message", message };
    }
    // TODO(10): stage 10.4. A continuation with no message in progress → refuse(CloseCode.PROTOCOL_ERROR, …);
    // a text or binary frame while one is in progress → PROTOCOL_ERROR; else start this.current (a
    // Utf8Validator for text). Add each payload to the pieces; text goes through the validator at once
    // (false → CloseCode.INVALID_PAYLOAD). On FIN: the validator must be complete (→ else INVALID_PAYLOAD),
    // the pieces joined are the message, and no message is in progress any more.
    // Stage 10.6: the message's bytes, summed over its fragments, over this.maxMessageBytes → MESSAGE_TOO_BIG.
    throw new Error(
      `TODO(10): MessageAssembler.push is not implemented for this frame (opcode ${frame.opcode}, fin ${frame.fin})`,
    );
  }
}

function refuse(code: number, reason: string): Assembly {
  return { type: "error", error: { code, reason } };
}
