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
  const letters = name.replace(/[^\p{L}]/gu, "");
  const [primary, secondary] = doubleMetaphone(letters);
  return { primary, secondary, soundex: soundex(letters) };
}

export class PhoneticIndex {
  /** Names by "m:" + each Double Metaphone code (either may match either) and "x:" + Soundex. */
  readonly #byCode = new Map<string, string[]>();
  readonly #codes = new Map<string, PhoneticCodes>();

  private constructor() {}

  /** The index of `names`, each in the policy's canonical form; names the policy refuses are left out. */
  static from(names: Iterable<string>): PhoneticIndex {
    const index = new PhoneticIndex();
    for (const typed of names) {
      const verdict = normalizeUsername(typed);
      if (!verdict.ok || index.#codes.has(verdict.name)) continue;
      const codes = phoneticCodes(verdict.name);
      index.#codes.set(verdict.name, codes);
      for (const key of keysOf(codes)) {
        const list = index.#byCode.get(key);
        if (list) list.push(verdict.name);
        else index.#byCode.set(key, [verdict.name]);
      }
    }
    return index;
  }

  /** How many names it holds. */
  get size(): number {
    return this.#codes.size;
  }

  /**
   * The names that sound like `wanted` (not `wanted` itself): the strongest first, then the
   * closest in length, then in code point order; at most `limit`.
   */
  neighbours(wanted: string, limit = MAX_PHONETIC_NEIGHBOURS): Neighbour[] {
    const verdict = normalizeUsername(wanted);
    if (!verdict.ok) return [];
    const self = verdict.name;
    const mine = phoneticCodes(self);
    const found = new Map<string, PhoneticStrength>();
    for (const key of keysOf(mine))
      for (const name of this.#byCode.get(key) ?? [])
        if (name !== self && !found.has(name)) found.set(name, strength(mine, this.#codes.get(name)!));
    const length = codePoints(self);
    return [...found]
      .map(([name, s]) => ({ name, strength: s, apart: Math.abs(codePoints(name) - length) }))
      .sort((a, b) => b.strength - a.strength || a.apart - b.apart || byCodePoints(a.name, b.name))
      .slice(0, Math.min(limit, MAX_PHONETIC_NEIGHBOURS))
      .map(({ name, strength }) => ({ name, strength }));
  }
}

/** The keys a name is filed under; a name with no code of a kind (no Latin letter) is not filed under it. */
function keysOf(codes: PhoneticCodes): string[] {
  const keys: string[] = [];
  for (const code of new Set([codes.primary, codes.secondary])) if (code !== "") keys.push(`m:${code}`);
  if (codes.soundex !== "") keys.push(`x:${codes.soundex}`);
  return keys;
}

function strength(a: PhoneticCodes, b: PhoneticCodes): PhoneticStrength {
  if (a.primary !== "" && a.primary === b.primary) return 3;
  const mine = [a.primary, a.secondary].filter((code) => code !== "");
  if ([b.primary, b.secondary].some((code) => mine.includes(code))) return 2;
  return 1;
}

/** Length in code points: what a person counts as characters. */
function codePoints(name: string): number {
  let n = 0;
  for (const _ of name) n++;
  return n;
}
