// New request ids, made in batches. crypto.randomUUID() is correct and quick, but it builds
// each id out of twenty small strings, one per byte and dash: at tens of thousands of requests
// a second that is a good share of everything a small request allocates, and of the garbage
// collector's work. Here the random bytes of 256 ids are drawn at once, spelled out as text in
// one pass, and each id is a slice of that text: one small string per request.
//
//   randomFillSync(4096 bytes) ─► version and variant bits set ─► 256 × 36 characters of text
//                                                                      │
//   newRequestId() ─► the next 36 characters ◄─────────────────────────┘ (a new batch when used up)
//
// A slice shares the batch's text: an id kept for long keeps its 9 KiB batch with it, which is
// fine for ids that live as long as a request and its log lines.
//
// The ids are the same as randomUUID()'s: version 4, random (RFC 9562 §5.4), lower-case hex.
import { randomFillSync } from "node:crypto";

const IDS_PER_BATCH = 256;
const UUID_BYTES = 16;
const UUID_CHARS = 36;
/** The character code of each hex digit, lower-case. */
const HEX = Uint8Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
const DASH = 0x2d;

const random = Buffer.alloc(IDS_PER_BATCH * UUID_BYTES);
const text = Buffer.alloc(IDS_PER_BATCH * UUID_CHARS);
let batch = "";
let next = IDS_PER_BATCH;

/** A new random (version 4) UUID, as text. */
export function newRequestId(): string {
  if (next === IDS_PER_BATCH) fillBatch();
  const start = next++ * UUID_CHARS;
  return batch.slice(start, start + UUID_CHARS);
}

function fillBatch(): void {
  randomFillSync(random);
  let at = 0;
  for (let id = 0; id < IDS_PER_BATCH; id++) {
    const bytes = id * UUID_BYTES;
    // The version (4) in the high nibble of byte 6, the variant (10) in the top bits of byte 8.
    random[bytes + 6] = (random[bytes + 6]! & 0x0f) | 0x40;
    random[bytes + 8] = (random[bytes + 8]! & 0x3f) | 0x80;
    for (let i = 0; i < UUID_BYTES; i++) {
      const byte = random[bytes + i]!;
      text[at++] = HEX[byte >> 4]!;
      text[at++] = HEX[byte & 0x0f]!;
      // 8-4-4-4-12 hex digits: a dash after bytes 4, 6, 8 and 10.
      if (i === 3 || i === 5 || i === 7 || i === 9) text[at++] = DASH;
    }
  }
  batch = text.toString("latin1");
  next = 0;
}
