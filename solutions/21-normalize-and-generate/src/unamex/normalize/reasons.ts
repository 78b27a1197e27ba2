// What the policy answers: the name it accepted, or why it refused. A refusal is a value, never a
// thrown error: a sign-up form shows `message` on one line, and an API returns `reason` as a code.

/** Every way a name can be refused, in the order the policy checks them. */
export type Reason =
  | "not-a-string"
  | "empty"
  | "too-long"
  | "invalid-utf16"
  | "invisible-character"
  | "bidi-control"
  | "combining-mark"
  | "disallowed-character"
  | "mixed-script"
  | "too-short"
  | "separator-at-edge"
  | "consecutive-separators"
  | "no-letter"
  | "reserved";

export interface Accepted {
  ok: true;
  /** The canonical name: stored, compared for equality, and shown back to its owner. */
  name: string;
  /** Its UTS #39 skeleton: compared to find look-alikes, never shown (see skeleton.ts). */
  skeleton: string;
}

export interface Rejected {
  ok: false;
  reason: Reason;
  /**
   * For a reason about one character: its position, in code points (not UTF-16 units), in the
   * text that was checked — the input for invalid-utf16, invisible-character and bidi-control,
   * the mapped name for the others.
   */
  at?: number;
  /** One line for a person: what was refused and why. */
  message: string;
}

export type Verdict = Accepted | Rejected;

export function reject(reason: Reason, message: string, at?: number): Rejected {
  return at === undefined ? { ok: false, reason, message } : { ok: false, reason, at, message };
}

/** "U+202E" — how a character that may be invisible is named in a message. */
export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
