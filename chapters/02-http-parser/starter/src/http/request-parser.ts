// An incremental HTTP/1.1 request-head parser: a state machine fed one byte at a time, so it
// gives the same result however the bytes are cut into chunks — one packet or one per byte.
// Bytes go in, plain events come out; it never touches a socket.
//
//   before-request ─CR─► empty-line-lf ─LF─► (back: an empty line is skipped)
//        │ any other byte: "message-begin"
//        ▼
//   method ─SP─► before-target ─► target ─SP─► before-version ─► version ─CR─► request-line-lf
//                                                                                   │ LF
//        ┌──────────────────────────────────────────────────────────────────────────┘
//        ▼
//   field-line-start ─► field-name ─":"─► field-value ─CR─► field-line-lf ─LF─┐
//        ▲   │ CR                                                              │
//        │   ▼                                                                 │
//        │ head-end-lf ─LF─► "head", then before-request for the next request │
//        └──────────────────────── next field line ────────────────────────────┘
//
// The rules for each part live next door: checkMethod, checkTarget and parseVersion in
// request-line.ts, checkFieldLine and checkHead in header-validation.ts. The limits are in
// limits.ts. Every bare CR or bare LF is an error (README: Line endings). Check the method at
// every byte, not only at its SP: a client that does not speak HTTP may never send one (a TLS
// ClientHello starts with 0x16, README: The request line).
import type { ParseEvent } from "./request-head.ts";

/** The named states of the machine above: use them, add to them if you need more. */
type State =
  | "before-request"
  | "empty-line-lf"
  | "method"
  | "before-target"
  | "target"
  | "before-version"
  | "version"
  | "request-line-lf"
  | "field-line-start"
  | "field-name"
  | "field-value"
  | "field-line-lf"
  | "head-end-lf"
  | "failed";

export class RequestParser {
  /**
   * Feeds the next bytes of the connection and returns the events they complete, in order.
   * After a head the parser starts on the next request; after an error it ignores all input.
   */
  push(chunk: Uint8Array): ParseEvent[] {
    // TODO(02): run every byte through the state machine; return the events it produced.
    throw new Error(`TODO(02): RequestParser.push is not implemented (got ${chunk.length} bytes)`);
  }

  /** The peer closed its side. A request cut off in the middle is an error; none at all is not. */
  finish(): ParseEvent[] {
    // TODO(02): a 400 error event if a request has begun and its head is not complete, else [].
    throw new Error("TODO(02): RequestParser.finish is not implemented");
  }
}
