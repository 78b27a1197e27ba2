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
  if (typeof input !== "string") return reject("not-a-string", `a name is text, not ${typeof input}`);
  if (input.length === 0) return reject("empty", "the name is empty");
  if (input.length > MAX_INPUT_UNITS)
    return reject("too-long", `the name is ${input.length} UTF-16 units long; at most ${MAX_LENGTH} characters`);
  const typed = checkTyped(input);
  if (typed) return typed;
  const name = mapName(input);
  return checkMapped(name) ?? checkLength(name) ?? { ok: true, name };
}

/** Any character checkTyped() refuses: one test of the whole input before looking closer. */
const SUSPECT = /[\p{Cs}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u;

/** Rules on the text as typed: NFKC would keep these characters, and they must never reach a name. */
function checkTyped(input: string): Rejected | undefined {
  if (!SUSPECT.test(input)) return undefined;
  let at = 0;
  for (const char of input) {
    // A lone surrogate is one UTF-16 unit of a pair with no partner: not text (and not UTF-8).
    if (isLoneSurrogate(char))
      return reject("invalid-utf16", `a lone surrogate ${codePointLabel(char)} at ${at}: not valid text`, at);
    // Bidi controls reorder what is drawn ("U+202E" shows "moc.elgoog" as "google.com").
    if (isBidiControl(char))
      return reject("bidi-control", `the direction control ${codePointLabel(char)} at ${at} is not allowed`, at);
    // Zero-width characters make two names that look the same, and a name of them looks empty.
    if (isInvisible(char))
      return reject(
        "invisible-character",
        `the invisible character ${codePointLabel(char)} at ${at} is not allowed`,
        at,
      );
    at++;
  }
  return undefined;
}

/** The allow-list, one code point at a time, and one script for all the letters. */
function checkMapped(name: string): Rejected | undefined {
  let script: Script | undefined;
  let at = 0;
  for (const char of name) {
    const found = classify(char);
    if (found.kind === "mark")
      return reject(
        "combining-mark",
        `the combining mark ${codePointLabel(char)} at ${at} does not join a letter into one character`,
        at,
      );
    if (found.kind === "other")
      return reject("disallowed-character", `"${char}" (${codePointLabel(char)}) at ${at} is not allowed`, at);
    if (found.kind === "letter") {
      script ??= found.script;
      if (found.script !== script)
        return reject("mixed-script", `"${char}" at ${at} is ${found.script}, the letters before it ${script}`, at);
    }
    at++;
  }
  return undefined;
}

/** Length in code points: "𝐀𝐁𝐂" is three characters, though it is six UTF-16 units. */
function checkLength(name: string): Rejected | undefined {
  let length = 0;
  for (const _ of name) length++;
  if (length < MIN_LENGTH) return reject("too-short", `the name has ${length} characters; at least ${MIN_LENGTH}`);
  if (length > MAX_LENGTH) return reject("too-long", `the name has ${length} characters; at most ${MAX_LENGTH}`);
  return undefined;
}
