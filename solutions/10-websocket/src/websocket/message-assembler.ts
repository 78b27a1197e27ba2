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
import { Utf8Validator } from "./utf8.ts";

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
    if (frame.opcode === Opcode.CONTINUATION) {
      if (!this.current) return refuse(CloseCode.PROTOCOL_ERROR, "a continuation frame with no message to continue");
    } else if (frame.opcode === Opcode.TEXT || frame.opcode === Opcode.BINARY) {
      if (this.current) return refuse(CloseCode.PROTOCOL_ERROR, "a new message before the last one was finished");
      const text = frame.opcode === Opcode.TEXT;
      this.current = { opcode: frame.opcode, pieces: [], bytes: 0, utf8: text ? new Utf8Validator() : undefined };
    } else {
      return refuse(CloseCode.PROTOCOL_ERROR, `opcode 0x${frame.opcode.toString(16)} is not a data frame`);
    }
    const message = this.current;
    message.bytes += frame.payload.length;
    if (message.bytes > this.maxMessageBytes)
      return refuse(CloseCode.MESSAGE_TOO_BIG, `a message over ${this.maxMessageBytes} bytes`);
    if (message.utf8 && !message.utf8.push(frame.payload))
      return refuse(CloseCode.INVALID_PAYLOAD, "the text message is not UTF-8");
    message.pieces.push(frame.payload);
    if (!frame.fin) return { type: "partial" };
    this.current = undefined;
    if (message.utf8 && !message.utf8.complete)
      return refuse(CloseCode.INVALID_PAYLOAD, "the text message ends in the middle of a character");
    const data = message.pieces.length === 1 ? message.pieces[0]! : Buffer.concat(message.pieces, message.bytes);
    return {
      type: "message",
      message: message.utf8 ? { type: "text", data: data.toString("utf8") } : { type: "binary", data },
    };
  }
}

function refuse(code: number, reason: string): Assembly {
  return { type: "error", error: { code, reason } };
}
