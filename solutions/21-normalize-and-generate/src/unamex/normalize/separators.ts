// Separators ("_" and ".") join the parts of a name; they never start it, end it, or stand
// together. Refusing rather than collapsing ("a__b" → "a_b") keeps the rule visible: the name a
// person typed is the name they get, and "a_b" and "a__b" are never two accounts that look alike.
import { classify } from "./characters.ts";
import { type Rejected, reject } from "./reasons.ts";

/** The first separator rule `name` (already mapped) breaks, if any. */
export function checkSeparators(name: string): Rejected | undefined {
  const chars = [...name];
  const isSeparator = (at: number) => at >= 0 && at < chars.length && classify(chars[at] ?? "").kind === "separator";
  if (isSeparator(0)) return reject("separator-at-edge", `the name starts with "${chars[0]}"`, 0);
  const last = chars.length - 1;
  if (isSeparator(last)) return reject("separator-at-edge", `the name ends with "${chars[last]}"`, last);
  for (let at = 1; at < chars.length; at++)
    if (isSeparator(at) && isSeparator(at - 1))
      return reject(
        "consecutive-separators",
        `two separators in a row at ${at - 1}: "${chars[at - 1]}${chars[at]}"`,
        at,
      );
  return undefined;
}

/** A name needs a letter: "2024" or "1.2.3" reads as a number, and could be taken for an id. */
export function hasLetter(name: string): boolean {
  for (const char of name) if (classify(char).kind === "letter") return true;
  return false;
}
