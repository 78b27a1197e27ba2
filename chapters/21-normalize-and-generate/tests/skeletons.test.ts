// Stage 21.3: confusable skeletons (UTS #39 §4). The skeletons of names that look alike must be
// equal, those of names that differ must not, and a skeleton is what the table of prototypes
// (confusables.ts) says it is: NFD, each character replaced by its prototype, NFD again.
import { confusable, skeleton } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { call, callText, expectEqual } from "./expect.ts";

/** [normalized name, its skeleton, why]. */
const SKELETONS: ReadonlyArray<readonly [string, string, string]> = [
  ["paypal", "paypal", "a name of prototypes is its own skeleton"],
  ["\u0440\u0430\u0443\u0440\u0430\u04CF", "paypal", "all-Cyrillic р а у р а ӏ: the prototypes are Latin"],
  ["g\u043E\u043Egle", "google", "Cyrillic о"],
  ["\u03BFz\u03BFn", "ozon", "Greek ο"],
  ["adm\u0131n", "adrnin", "dotless ı → i, and m → rn"],
  ["admin", "adrnin", "m → rn: a skeleton is no name to show"],
  ["r00t", "root", "digit zero → o (the folded O)"],
  ["he11o", "hello", "digit one → l"],
  ["\u00E9mile", "e\u0301rnile", "é is decomposed (NFD) and keeps its accent: é and e differ"],
  ["\u0445\u0435\u0441", "xec", "Cyrillic х е с"],
  [
    "\u0451\u043B\u043A\u0430",
    "e\u0308\u043B\u043Aa",
    "ё is decomposed first (е + U+0308), so its base letter finds its prototype",
  ],
];

/** [a, b, confusable?, why]. */
const PAIRS: ReadonlyArray<readonly [string, string, boolean, string]> = [
  ["paypal", "\u0440\u0430\u0443\u0440\u0430\u04CF", true, "Latin paypal and Cyrillic раураӏ"],
  ["microsoft", "rnicrosoft", true, "m and rn"],
  ["admin", "adm\u0131n", true, "i and dotless ı"],
  ["root", "r00t", true, "o and 0"],
  ["bill", "bi11", true, "l and 1"],
  ["admin", "adm1n", false, "1 looks like l, not i"],
  ["emile", "\u00E9mile", false, "an accent is not a look-alike"],
  ["ada", "aba", false, "different letters"],
];

stage("21.3", () => {
  test("skeleton() replaces each character by its prototype, between two NFDs", () => {
    for (const [name, expected, why] of SKELETONS) {
      const what = callText("skeleton", name);
      expectEqual(
        what,
        expected,
        call(what, () => skeleton(name)),
        why,
      );
    }
  });

  test("confusable() is true exactly when two skeletons are equal", () => {
    for (const [a, b, expected, why] of PAIRS) {
      const what = `confusable(${callText("", a).slice(1, -1)}, ${callText("", b).slice(1, -1)})`;
      expectEqual(
        what,
        expected,
        call(what, () => confusable(a, b)),
        why,
      );
    }
  });
});
