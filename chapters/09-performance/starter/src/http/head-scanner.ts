// The fast path of the head parser. Nearly every request arrives with its whole head in one
// read, and nearly every head is plain: one space between the parts of the request line, one
// colon and optional spaces in each field line. For those, finding the lines with indexOf and
// checking each part with one regular expression does in a few native calls what the state
// machine does byte by byte in JavaScript.
//
//   bytes ─► whole head in this chunk? ─ no ──────────────────────────────┐
//                │ yes                                                    ▼
//                ▼                                               the state machine (chapter 02)
//            plain request line and field lines? ─ no, or any doubt ─────►│ gives the answer,
//                │ yes                                                    │ error or head
//                ▼                                                        │
//            the same RequestHead the state machine would have made ◄─────┘
//
// The scanner never answers an error itself: anything unusual — a bare LF, obs-fold, a limit
// reached, a bad byte — sends the bytes to the state machine, which knows the precise status
// and reason. So the two parsers cannot disagree on what is refused, only on how fast.
import { checkHead } from "./header-validation.ts";
import { MAX_HEADER_FIELDS, MAX_HEADER_SECTION_BYTES, MAX_METHOD_BYTES, MAX_TARGET_BYTES } from "./limits.ts";
import type { HeaderField, RequestHead } from "./request-head.ts";
import { checkTarget } from "./request-line.ts";

/** The empty line that ends a head (RFC 9112 §2.1). */
const HEAD_END = Buffer.from("\r\n\r\n", "latin1");

export interface ScannedHead {
  readonly head: RequestHead;
  /** How many bytes the head took, its empty line included. */
  readonly used: number;
}

/** The head at the start of `bytes` when it is whole and plain; undefined sends the bytes to the state machine. */
export function scanHead(bytes: Uint8Array): ScannedHead | undefined {
  // TODO(09): find the end of the head with indexOf(HEAD_END); none → undefined. Decode the head
  // as latin1 (one character per byte: lengths are byte counts, obs-text survives) and split it
  // at "\r\n" — a bare CR or LF left inside a line then makes that line fail its pattern.
  // The request line must match method SP target SP HTTP/1.<digit> exactly (a token, visible
  // ASCII, one SP each); each field line a token, ":", optional SP/HTAB, a value of visible
  // bytes, obs-text and inner SP/HTAB, optional SP/HTAB. Any limit of limits.ts passed,
  // checkTarget() or checkHead() unhappy, anything unusual: undefined. Otherwise the RequestHead
  // the state machine would give — names lower-cased, values trimmed, in order — and `used`,
  // the head's length through its empty line.
  // Until then, every head goes to the state machine, byte by byte.
  return undefined;
}
