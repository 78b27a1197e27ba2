// Names that sound like the wanted one: "jon" → john, joan, jonny. Each name of a lexicon (names
// the service knows: taken ones, popular first names, earlier sign-ups) is filed under its phonetic
// codes; a query looks up its own codes and gathers the names filed there — no scan of the lexicon.
//
//   code          from                            "jon"      "john"     "schmidt"
//   primary       Double Metaphone (the package)  JN         JN         XMT
//   secondary     Double Metaphone                AN         AN         SMT
//   soundex       soundex.ts                      J500       J500       S530
//
// How close a neighbour is: the same primary code (3), any Double Metaphone code in common (2),
// only the Soundex code in common (1). Double Metaphone knows far more English spelling than
// Soundex (silent letters, "sch", "ph"), so Soundex only widens the net.
import { doubleMetaphone } from "double-metaphone";
import { normalizeUsername } from "../normalize/policy.ts";
import { byCodePoints } from "./order.ts";
import { soundex } from "./soundex.ts";

/** The most neighbours one query returns: the ranking needs a few dozen, a common code files thousands. */
export const MAX_PHONETIC_NEIGHBOURS = 50;

/** How a neighbour sounds like the query, 3 (same primary code) to 1 (same Soundex only). */
export type PhoneticStrength = 1 | 2 | 3;

export interface PhoneticCodes {
  primary: string;
  secondary: string;
  soundex: string;
}

export interface Neighbour {
  name: string;
  strength: PhoneticStrength;
}

/** The codes of a name, from its letters only: separators and digits are not said. */
export function phoneticCodes(name: string): PhoneticCodes {
  // TODO(27): remove every character that is not a letter (/[^\p{L}]/gu); doubleMetaphone() of the letters gives
  // primary and secondary; soundex() of them the third.
  throw new Error(
    `TODO(27): phoneticCodes() is not implemented (name ${JSON.stringify(name)}, ${typeof doubleMetaphone}, ${typeof soundex})`,
  );
}

export class PhoneticIndex {
  private constructor() {}

  /** The index of `names`, each in the policy's canonical form; names the policy refuses are left out. */
  static from(names: Iterable<string>): PhoneticIndex {
    // TODO(27): for each name the policy accepts (its canonical form, once): its phoneticCodes(); file it under
    // "m:" + each distinct non-empty Double Metaphone code and "x:" + a non-empty Soundex code.
    throw new Error(`TODO(27): PhoneticIndex.from() is not implemented (${typeof names}, ${typeof normalizeUsername})`);
  }

  /** How many names it holds. */
  get size(): number {
    throw new Error("TODO(27): PhoneticIndex.size is not implemented");
  }

  /**
   * The names that sound like `wanted` (not `wanted` itself): the strongest first, then the
   * closest in length, then in code point order; at most `limit`.
   */
  neighbours(wanted: string, limit = MAX_PHONETIC_NEIGHBOURS): Neighbour[] {
    // TODO(27): normalize wanted (refused: []); gather the names filed under its own keys, not itself; strength 3 for
    // the same primary code, 2 for any Double Metaphone code in common, else 1; sort by strength (descending), then
    // |length difference| in code points, then byCodePoints; at most min(limit, MAX_PHONETIC_NEIGHBOURS).
    throw new Error(
      `TODO(27): PhoneticIndex.neighbours() is not implemented (wanted ${JSON.stringify(wanted)}, limit ${limit}, ${typeof byCodePoints})`,
    );
  }
}
