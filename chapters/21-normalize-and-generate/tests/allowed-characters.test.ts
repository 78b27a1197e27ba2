// Stage 21.2: what a name may contain, and how long it may be. Each row is an input and the
// answer the policy must give it: the mapped name, or a reason and the code point it is about.
// Bad input of every kind must come back as a value with a one-line message, never an exception.
import { checkCharacters, MAX_LENGTH } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { call, callText, expectEqual, expectThat } from "./expect.ts";

/**
 * U+1DF00 LATIN SMALL LETTER FENG DIGRAPH WITH TRILL: a Latin letter outside the BMP (two UTF-16
 * units) that NFKC and folding leave alone, so the mapped name keeps it.
 */
const FENG = "\u{1DF00}";

type Expected = { name: string } | { reason: string; at?: number };

/** [input, expected, why]. */
const CASES: ReadonlyArray<readonly [unknown, Expected, string]> = [
  ["ada", { name: "ada" }, "ASCII letters are allowed"],
  ["Ada_Lovelace.1815", { name: "ada_lovelace.1815" }, "letters, digits, _ and . are allowed"],
  ["Ñandú", { name: "ñandú" }, "Latin letters beyond ASCII are allowed"],
  ["ωμέγα", { name: "ωμέγα" }, "Greek letters are allowed"],
  ["Жук", { name: "жук" }, "Cyrillic letters are allowed"],
  [FENG.repeat(MAX_LENGTH), { name: FENG.repeat(MAX_LENGTH) }, "30 code points (60 UTF-16 units) is not too long"],
  ["ß".repeat(MAX_LENGTH / 2), { name: "s".repeat(MAX_LENGTH) }, "15 ß map to 30 letters: still within the limit"],
  [42, { reason: "not-a-string" }, "a number is not a name"],
  [undefined, { reason: "not-a-string" }, "nothing is not a name"],
  ["", { reason: "empty" }, "an empty name is refused"],
  ["x".repeat(10_000), { reason: "too-long" }, "10,000 characters are refused before any work is done"],
  ["ab", { reason: "too-short" }, "two characters are too few"],
  [`${FENG}a`, { reason: "too-short" }, "two code points are two characters, though they are three UTF-16 units"],
  ["a".repeat(MAX_LENGTH + 1), { reason: "too-long" }, "31 characters are too many"],
  ["ß".repeat(MAX_LENGTH / 2 + 1), { reason: "too-long" }, "16 ß map to 32 letters: the length counts the mapped name"],
  ["\uD800abc", { reason: "invalid-utf16", at: 0 }, "a lone high surrogate is not text"],
  ["abc\uDC00", { reason: "invalid-utf16", at: 3 }, "a lone low surrogate is not text"],
  ["a\u200Bda", { reason: "invisible-character", at: 1 }, "ZERO WIDTH SPACE"],
  ["ad\u200Da", { reason: "invisible-character", at: 2 }, "ZERO WIDTH JOINER"],
  ["ad\u200Ca", { reason: "invisible-character", at: 2 }, "ZERO WIDTH NON-JOINER"],
  ["\u200B\u200B\u200B", { reason: "invisible-character", at: 0 }, "a name of zero-width characters only"],
  ["\uFEFFada", { reason: "invisible-character", at: 0 }, "a byte order mark"],
  ["ad\u00ADa", { reason: "invisible-character", at: 2 }, "SOFT HYPHEN"],
  ["ada\u202Exyz", { reason: "bidi-control", at: 3 }, "RIGHT-TO-LEFT OVERRIDE"],
  ["\u2067ada", { reason: "bidi-control", at: 0 }, "RIGHT-TO-LEFT ISOLATE"],
  ["ada\u200F", { reason: "bidi-control", at: 3 }, "RIGHT-TO-LEFT MARK"],
  ["x\u0303yz", { reason: "combining-mark", at: 1 }, "x has no precomposed form with a tilde: the mark stays alone"],
  ["a\u0301\u0301da", { reason: "combining-mark", at: 1 }, "a second accent on one letter"],
  ["\u0130pek", { reason: "combining-mark", at: 1 }, "İ folds to i + U+0307"],
  ["a$b", { reason: "disallowed-character", at: 1 }, "symbols are not on the allow-list"],
  ["ada lovelace", { reason: "disallowed-character", at: 3 }, "nor is a space"],
  ["ada-l", { reason: "disallowed-character", at: 3 }, "nor is a hyphen"],
  [`${FENG}${FENG}$`, { reason: "disallowed-character", at: 2 }, "positions count code points, not UTF-16 units"],
  [`${FENG}\u200Bab`, { reason: "invisible-character", at: 1 }, "positions in the typed text count code points too"],
  ["東京都", { reason: "disallowed-character", at: 0 }, "Han is not one of the allowed scripts"],
  ["abc١٢٣", { reason: "disallowed-character", at: 3 }, "Arabic-Indic digits are not ASCII digits"],
  ["p\u0430ypal", { reason: "mixed-script", at: 1 }, "a Cyrillic а among Latin letters"],
  ["ab\u03BFut", { reason: "mixed-script", at: 2 }, "a Greek ο among Latin letters"],
  ["жук_2024", { name: "жук_2024" }, "digits and separators belong to no script"],
];

function matches(received: unknown, expected: Expected): boolean {
  const verdict = received as { ok?: unknown; name?: unknown; reason?: unknown; at?: unknown };
  if ("name" in expected) return verdict.ok === true && verdict.name === expected.name;
  return (
    verdict.ok === false &&
    verdict.reason === expected.reason &&
    (expected.at === undefined || verdict.at === expected.at)
  );
}

function hintFor(expected: Expected, why: string): string {
  if ("name" in expected) return `${why}: accept it as { ok: true, name }`;
  return `${why}: { ok: false, reason: "${expected.reason}"${expected.at === undefined ? "" : `, at: ${expected.at}`} } (at counts code points)`;
}

stage("21.2", () => {
  test("accepts letters of Latin, Greek and Cyrillic, ASCII digits, _ and ., and refuses the rest with a reason and a position", () => {
    for (const [input, expected, why] of CASES) {
      const what = callText("checkCharacters", input);
      const verdict = call(what, () => checkCharacters(input), hintFor(expected, why));
      expectThat(what, matches(verdict, expected), JSON.stringify(expected), verdict, hintFor(expected, why));
    }
  });

  test("every refusal carries a one-line message", () => {
    for (const [input, expected] of CASES) {
      if ("name" in expected) continue;
      const what = callText("checkCharacters", input);
      const verdict = call(what, () => checkCharacters(input)) as { message?: unknown };
      const message = verdict.message;
      expectThat(
        what,
        typeof message === "string" && message.length > 0 && message.length < 200 && !/[\r\n]/.test(message),
        "a message: one line of text, under 200 characters",
        verdict,
        "a person reads it beside the form field",
      );
    }
  });

  test("an accepted name is only { ok, name }: nothing else to read", () => {
    const what = callText("checkCharacters", "Ada");
    expectEqual(
      what,
      { ok: true, name: "ada" },
      call(what, () => checkCharacters("Ada")),
    );
  });
});
