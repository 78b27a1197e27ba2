// Stage 21.4: separators and reserved names, judged through normalizeUsername(): a separator never
// starts or ends a name nor stands beside another, a name has a letter, and no variant of a
// reserved word (case, width, inner separators, a number after it, a look-alike) is handed out.
import { normalizeUsername } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { call, callText, expectThat } from "./expect.ts";

type Expected = { name: string } | { reason: string; at?: number };

const SEPARATOR_CASES: ReadonlyArray<readonly [string, Expected, string]> = [
  ["ada.lovelace", { name: "ada.lovelace" }, "one separator between two parts"],
  ["a_d.a", { name: "a_d.a" }, "separators apart from each other"],
  ["_ada", { reason: "separator-at-edge", at: 0 }, "a leading _"],
  [".ada", { reason: "separator-at-edge", at: 0 }, "a leading ."],
  ["ada_", { reason: "separator-at-edge", at: 3 }, "a trailing _"],
  ["ＡＤＡ．", { reason: "separator-at-edge", at: 3 }, "a trailing fullwidth full stop, mapped to ."],
  ["ada__l", { reason: "consecutive-separators", at: 4 }, "two _ in a row (at: the second)"],
  ["ada._l", { reason: "consecutive-separators", at: 4 }, ". and _ in a row"],
  ["ada..l", { reason: "consecutive-separators", at: 4 }, "two . in a row"],
  ["1234", { reason: "no-letter" }, "digits only"],
  ["1.2.3", { reason: "no-letter" }, "digits and separators only"],
];

const RESERVED: ReadonlyArray<readonly [string, string]> = [
  ["admin", "the word itself"],
  ["Admin", "another case"],
  ["ＡＤＭＩＮ", "fullwidth"],
  ["ad_min", "a separator inside"],
  ["ad.min", "a separator inside"],
  ["admin1", "a number after it"],
  ["admin2024", "a year after it"],
  ["adm\u0131n", "dotless ı for i"],
  ["r00t", "zeros for o"],
  ["supp0rt", "a zero for o"],
  ["Root", "another reserved word"],
  ["administrator", "another reserved word"],
  ["unamex", "the service's own name"],
  ["s.y.s.t.e.m", "separators between every letter"],
];

const NOT_RESERVED: ReadonlyArray<readonly [string, string]> = [
  ["adminx", "a longer word is another word"],
  ["madmin", "a longer word is another word"],
  ["rooted", "a longer word is another word"],
  ["adm1n", "1 is a look-alike of l, not of i"],
  ["1admin", "only a number after the word is a variant"],
];

function check(input: string, expected: Expected, why: string): void {
  const what = callText("normalizeUsername", input);
  const verdict = call(what, () => normalizeUsername(input)) as {
    ok?: unknown;
    name?: unknown;
    reason?: unknown;
    at?: unknown;
  };
  const ok =
    "name" in expected
      ? verdict.ok === true && verdict.name === expected.name
      : verdict.ok === false &&
        verdict.reason === expected.reason &&
        (expected.at === undefined || verdict.at === expected.at);
  expectThat(what, ok, JSON.stringify(expected), verdict, why);
}

stage("21.4", () => {
  test("a separator never starts or ends a name, nor stands beside another; a name has a letter", () => {
    for (const [input, expected, why] of SEPARATOR_CASES) check(input, expected, why);
  });

  test("refuses reserved words and their variants as reserved", () => {
    for (const [input, why] of RESERVED)
      check(input, { reason: "reserved" }, `${why}: compare stems (no separators, no trailing digits, skeleton)`);
  });

  test("accepts names that only contain or resemble a reserved word", () => {
    for (const [input, why] of NOT_RESERVED) {
      const what = callText("normalizeUsername", input);
      const verdict = call(what, () => normalizeUsername(input)) as { ok?: unknown };
      expectThat(what, verdict.ok === true, "{ ok: true, … }", verdict, why);
    }
  });
});
