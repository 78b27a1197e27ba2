// The mapping half of the policy: what a typed name becomes before any rule judges it.
//
//   NFKC ──► case fold ──► NFKC
//
// NFKC (UAX #15) first, so compatibility characters become the letters they stand for before
// folding: fullwidth "Ａ" → "A", circled "Ⓐ" → "A", mathematical "𝐀" → "A", the Kelvin sign → "K",
// superscript "ᴮ" → "B". Folding first would leave "ᴮ" alone (it has no case mapping), and the
// NFKC after it would hand back a capital "B" that the next run folds to "b": a mapping that is
// not idempotent, the flaw behind Spotify's 2013 account takeovers. Then NFKC again, because
// folding can leave text that is not normalized ("ǰ" folds to "j" + U+030C, which NFKC composes
// back). The Unicode Standard (§3.13) defines toNFKC_Casefold along the same lines.
//
// RFC 8265 §3.3.2 (UsernameCaseMapped) maps width, then uses toLowerCase(), then NFC. This policy
// keeps the order and chooses NFKC and full case folding instead, and says why in the README.
import { caseFold } from "./case-fold.ts";

export function mapName(input: string): string {
  // TODO(21): NFKC, then caseFold(), then NFKC again.
  throw new Error("TODO(21): mapName() is not implemented");
}
