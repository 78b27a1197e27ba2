// The rules about what a name may contain, applied around the mapping: first to the text as typed
// (is it text at all, and nothing in it invisible), then to the mapped name (the allow-list, one
// script, a length in code points).
import { classify, isBidiControl, isInvisible, isLoneSurrogate, type Script } from "./characters.ts";
import { mapName } from "./mapping.ts";
import { codePointLabel, type Rejected, reject } from "./reasons.ts";

/** Fewest code points in a name: one- and two-letter names are too few to go round. */
export const MIN_LENGTH = 3;
/** Most code points in a name, after mapping (so "ß" counts as the two letters it becomes). */
export const MAX_LENGTH = 30;
/**
 * Most UTF-16 units read at all, before any work. NFKC can make a string many times longer
 * ("ﷺ" becomes 18 characters), so a bound on the input keeps a 10,000-character paste cheap.
 */
export const MAX_INPUT_UNITS = 4 * MAX_LENGTH;

export interface Mapped {
  ok: true;
  name: string;
}

/** The name as mapped, if every character of it is allowed and it has an allowed length. */
export function checkCharacters(input: unknown): Mapped | Rejected {
  // TODO(21): not-a-string, empty, too-long (over MAX_INPUT_UNITS, before any work), then
  // checkTyped(input), then mapName(), then checkMapped(name) and checkLength(name).
  throw new Error("TODO(21): checkCharacters() is not implemented");
}

/** Any character checkTyped() refuses: one test of the whole input before looking closer. */
const SUSPECT = /[\p{Cs}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u;

/** Rules on the text as typed: NFKC would keep these characters, and they must never reach a name. */
function checkTyped(input: string): Rejected | undefined {
  // TODO(21): walk the code points as typed, counting `at`: a lone surrogate → invalid-utf16, a
  // bidi control → bidi-control, an invisible character → invisible-character.
  throw new Error("TODO(21): checkTyped() is not implemented");
}

/** The allow-list, one code point at a time, and one script for all the letters. */
function checkMapped(name: string): Rejected | undefined {
  // TODO(21): classify() each code point of the mapped name: a mark → combining-mark, anything
  // not allowed → disallowed-character, a letter of another script than the first → mixed-script.
  throw new Error("TODO(21): checkMapped() is not implemented");
}

/** Length in code points: "𝐀𝐁𝐂" is three characters, though it is six UTF-16 units. */
function checkLength(name: string): Rejected | undefined {
  // TODO(21): the length in code points (for … of), against MIN_LENGTH and MAX_LENGTH.
  throw new Error("TODO(21): checkLength() is not implemented");
}
