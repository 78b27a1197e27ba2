// Close codes (RFC 6455 §7.4) and the payload of a close frame (§5.5.1): an optional 2-byte code,
// big-endian, then an optional reason in UTF-8.
//
//   code          meaning                                  in a close frame
//   0–999         never used                               invalid
//   1000–1003     normal, going away, protocol error,      valid
//                 unsupported data
//   1004          reserved                                 invalid
//   1005, 1006    "no code received", "closed without a     invalid: only for reporting, never sent
//                 close frame"
//   1007–1011     invalid payload, policy, too big,         valid
//                 missing extension, internal error
//   1012–1014     service restart, try again later,        valid (registered with IANA, §11.7)
//                 bad gateway
//   1015          "TLS handshake failed"                   invalid: only for reporting
//   1016–2999     reserved for this and later RFCs         invalid
//   3000–3999     registered by libraries and frameworks   valid
//   4000–4999     private use between two applications     valid
import { isValidUtf8 } from "./utf8.ts";

export const CloseCode = {
  NORMAL: 1000,
  /** The server shuts down, or a browser leaves the page. */
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  /** Reported, never sent: the close frame had no code. */
  NO_STATUS: 1005,
  /** Reported, never sent: the connection ended without a close frame. */
  ABNORMAL: 1006,
  /** A text message or a close reason that is not UTF-8. */
  INVALID_PAYLOAD: 1007,
  MESSAGE_TOO_BIG: 1009,
  /** The server hit a condition it did not expect: a handler threw. */
  INTERNAL_ERROR: 1011,
} as const;

/** Why this end fails the connection: the code its close frame carries, and a reason for people. */
export interface ProtocolError {
  readonly code: number;
  readonly reason: string;
}

/** What a close frame's payload says. */
export type CloseRequest =
  | { readonly type: "close"; readonly code: number; readonly reason: string }
  /** The payload is malformed: fail the connection with this code instead of echoing. */
  | { readonly type: "error"; readonly error: ProtocolError };

/** May this code appear in a close frame (§7.4.1, §7.4.2)? The same rule holds for the codes this end sends. */
export function isValidCloseCode(code: number): boolean {
  // TODO(10): stage 10.5, with the table above: 1000–1014 except 1004, 1005 and 1006, and 3000–4999.
  throw new Error(`TODO(10): isValidCloseCode is not implemented (${code})`);
}

/**
 * Reads a close frame's payload. None at all is a close without a code (reported as 1005);
 * one byte cannot hold a code; a code must be valid and a reason UTF-8.
 */
export function parseClosePayload(payload: Buffer): CloseRequest {
  // TODO(10): stage 10.5. Empty → { type: "close", code: CloseCode.NO_STATUS, reason: "" }. One byte →
  // failure(CloseCode.PROTOCOL_ERROR, …). The code is readUInt16BE(0): not isValidCloseCode() → PROTOCOL_ERROR.
  // The reason, after those 2 bytes, must be UTF-8 (isValidUtf8) → else failure(CloseCode.INVALID_PAYLOAD, …).
  throw new Error(`TODO(10): parseClosePayload is not implemented (${payload.length} bytes)`);
}

/** The payload of a close frame with `code` and `reason`; NO_STATUS gives an empty one. */
export function closePayload(code: number, reason = ""): Buffer {
  if (code === CloseCode.NO_STATUS) return Buffer.alloc(0);
  const text = Buffer.from(reason, "utf8");
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}

function failure(code: number, reason: string): CloseRequest {
  return { type: "error", error: { code, reason } };
}
