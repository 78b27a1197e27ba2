// The username policy, in the spirit of RFC 8265 §3 (PRECIS UsernameCaseMapped): one function that
// takes whatever was typed and either accepts a canonical name or says, in one line, why not.
//
//   typed ─► input rules ─► NFKC ─► fold ─► NFKC ─► allow-list, script, length ─► separators ─► reserved ─► name
//            (allowed.ts)   (mapping.ts)             (allowed.ts)                  (separators.ts) (reserved.ts)
//
// Every step is total: bad input of any kind (not a string, empty, 10,000 characters, a lone
// surrogate, only zero-width characters) is a Rejected value, never an exception.
import { checkCharacters } from "./allowed.ts";
import { reject, type Verdict } from "./reasons.ts";
import { reservedWord } from "./reserved.ts";
import { checkSeparators, hasLetter } from "./separators.ts";
import { skeleton } from "./skeleton.ts";

export function normalizeUsername(input: unknown): Verdict {
  const mapped = checkCharacters(input);
  if (!mapped.ok) return mapped;
  const { name } = mapped;
  const separators = checkSeparators(name);
  if (separators) return separators;
  if (!hasLetter(name)) return reject("no-letter", "a name needs at least one letter");
  const reserved = reservedWord(name);
  if (reserved !== undefined) return reject("reserved", `"${name}" is reserved (a variant of "${reserved}")`);
  return { ok: true, name, skeleton: skeleton(name) };
}
