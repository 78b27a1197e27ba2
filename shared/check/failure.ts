// A failed check, in the learner's terms: what was sent, what was expected, what came back.
// The grading reporter reads these fields (they survive vitest's error serialization because
// they are plain own properties) and prints them instead of a stack trace.

export type FailureKind =
  /** The learner's code answered, but wrongly. */
  | "check"
  /** Nothing came back in time; `expected` names what was awaited. */
  | "timeout"
  /** The learner's server process died. */
  | "exited";

export interface FailureDetails {
  /** What the check sent, already escaped for display. */
  sent?: string;
  expected: string;
  received: string;
  /** One hint aimed at this exact failure; the stage's first hint is used when absent. */
  hint?: string;
  kind?: FailureKind;
}

export class CheckFailure extends Error {
  override readonly name = "CheckFailure";
  readonly sent: string | undefined;
  readonly expected: string;
  readonly received: string;
  readonly hint: string | undefined;
  readonly kind: FailureKind;

  constructor(summary: string, details: FailureDetails) {
    super(summary);
    this.sent = details.sent;
    this.expected = details.expected;
    this.received = details.received;
    this.hint = details.hint;
    this.kind = details.kind ?? "check";
  }
}

const NAMED_ESCAPES: Record<string, string> = { "\r": "\\r", "\n": "\\n", "\t": "\\t", '"': '\\"', "\\": "\\\\" };

/**
 * Shows bytes the way a protocol engineer reads them: printable ASCII as is, CR/LF/TAB as
 * escapes, everything else as \xNN. Long inputs keep their head and tail.
 */
export function escapeBytes(data: string | Uint8Array, max = 160): string {
  const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : Buffer.from(data);
  const shown =
    bytes.length > max ? Buffer.concat([bytes.subarray(0, max - 40), bytes.subarray(bytes.length - 30)]) : bytes;
  let out = "";
  shown.forEach((byte, i) => {
    if (bytes.length > max && i === max - 40) out += `…(${bytes.length - (max - 10)} more bytes)…`;
    const ch = String.fromCharCode(byte);
    if (NAMED_ESCAPES[ch]) out += NAMED_ESCAPES[ch];
    else if (byte >= 0x20 && byte < 0x7f) out += ch;
    else out += `\\x${byte.toString(16).padStart(2, "0")}`;
  });
  return `"${out}"`;
}
