// Separators ("_" and ".") join the parts of a name; they never start it, end it, or stand
// together. Refusing rather than collapsing ("a__b" → "a_b") keeps the rule visible: the name a
// person typed is the name they get, and "a_b" and "a__b" are never two accounts that look alike.
import { classify } from "./characters.ts";
import { type Rejected, reject } from "./reasons.ts";

/** The first separator rule `name` (already mapped) breaks, if any. */
export function checkSeparators(name: string): Rejected | undefined {
  // TODO(21): separator-at-edge (at 0 or at the last index), consecutive-separators (at the second).
  throw new Error("TODO(21): checkSeparators() is not implemented");
}

/** A name needs a letter: "2024" or "1.2.3" reads as a number, and could be taken for an id. */
export function hasLetter(name: string): boolean {
  // TODO(21): true if a code point classify()s as a letter.
  throw new Error("TODO(21): hasLetter() is not implemented");
}
