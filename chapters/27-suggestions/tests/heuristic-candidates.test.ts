// Stage 27.2: heuristic candidates. Whole lists for names of the table (their order is the
// lesson's), then rules every list must keep, on seeded names from chapter 21's generator: each
// candidate accepted by the policy and already canonical, none twice, never the wanted name.
import { heuristicCandidates, MAX_HEURISTIC_CANDIDATES, normalizeUsername } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { generatedNames } from "../../24-sharded-storage/tests/fixtures/names.ts";
import { call, expectEqual, expectThat, READ, show } from "./expect.ts";
import { lexiconCount } from "./fixtures/lexicon.ts";

/** The year every check passes, so that the lists are the same every year. */
const YEAR = 2026;
const KINDS = new Set(["separator", "synonym", "year", "leetspeak"]);

/** wanted → the whole list, as "name:kind". */
const LISTS: readonly (readonly [string, readonly string[], string])[] = [
  [
    "Ada.Lovelace",
    [
      "ada_lovelace:separator",
      "adalovelace:separator",
      "ada.lovelace2026:year",
      "ada.lovelace26:year",
      "ada.lovelace_2026:year",
      "4da.lovelace:leetspeak",
      "ad4.lovelace:leetspeak",
      "ada.l0velace:leetspeak",
      "ada.lov3lace:leetspeak",
      "ada.lovel4ce:leetspeak",
      "ada.lovelac3:leetspeak",
      "4d4.l0v3l4c3:leetspeak",
    ],
    "the wanted name through the policy first (lower case), then separators, years, leetspeak",
  ],
  [
    "john_dev",
    [
      "john.dev:separator",
      "johndev:separator",
      "john_developer:synonym",
      "john_coder:synonym",
      "john_dev2026:year",
      "john_dev26:year",
      "john_dev_2026:year",
      "j0hn_dev:leetspeak",
      "john_d3v:leetspeak",
      "j0hn_d3v:leetspeak",
    ],
    "a word of the synonym table swapped for each synonym, in the table's order",
  ],
  [
    "photo_cat",
    [
      "photo.cat:separator",
      "photocat:separator",
      "photos_cat:synonym",
      "pics_cat:synonym",
      "photo_kitty:synonym",
      "photo_cats:synonym",
      "photo_cat2026:year",
      "photo_cat26:year",
      "photo_cat_2026:year",
      "ph0to_cat:leetspeak",
      "pho7o_cat:leetspeak",
      "phot0_cat:leetspeak",
      "photo_c4t:leetspeak",
      "photo_ca7:leetspeak",
      "ph070_c47:leetspeak",
    ],
    "one word swapped at a time, from the first word",
  ],
  [
    "abcdefghijklmnopqrstuvwxyzab",
    [
      "abcdefghijklmnopqrstuvwxyzab26:year",
      "4bcdefghijklmnopqrstuvwxyzab:leetspeak",
      "abcd3fghijklmnopqrstuvwxyzab:leetspeak",
      "abcdefgh1jklmnopqrstuvwxyzab:leetspeak",
      "abcdefghijklmn0pqrstuvwxyzab:leetspeak",
      "abcdefghijklmnopqr5tuvwxyzab:leetspeak",
      "abcdefghijklmnopqrs7uvwxyzab:leetspeak",
      "abcdefghijklmnopqrstuvwxyz4b:leetspeak",
      "4bcd3fgh1jklmn0pqr57uvwxyz4b:leetspeak",
    ],
    "28 characters: a four-digit year makes 32, which the policy refuses (at most 30); no separator, no separator variants",
  ],
  ["admin", [], "the policy refuses the wanted name (reserved): no candidates"],
  ["ab", [], "the policy refuses the wanted name (too short): no candidates"],
  ["", [], "the policy refuses the empty name: no candidates"],
];

stage("27.2", () => {
  test("gives the whole list of the table for each wanted name, in the lesson's order", () => {
    for (const [wanted, expected, rule] of LISTS) {
      const what = `heuristicCandidates(${show(wanted)}, { year: ${YEAR} })`;
      const got = call(what, () => heuristicCandidates(wanted, { year: YEAR }));
      expectEqual(
        what,
        expected,
        got.map((c) => `${c.name}:${c.kind}`),
        `${rule}; ${READ.heuristics}`,
      );
    }
  });

  test(`stops at ${MAX_HEURISTIC_CANDIDATES} candidates, the first ones of the order`, () => {
    const wanted = "tea.set.dev.art.cat.dog.tech";
    const what = `heuristicCandidates(${show(wanted)}, { year: ${YEAR} })`;
    const got = call(what, () => heuristicCandidates(wanted, { year: YEAR })).map((c) => c.name);
    expectEqual(
      `${what}.length`,
      MAX_HEURISTIC_CANDIDATES,
      got.length,
      `28 raw variants are valid; keep the first ${MAX_HEURISTIC_CANDIDATES}; ${READ.heuristics}`,
    );
    expectEqual(
      `the first three of ${what}`,
      ["tea_set_dev_art_cat_dog_tech", "teasetdevartcatdogtech", "tea.set.coder.art.cat.dog.tech"],
      got.slice(0, 3),
      `"tea.set.developer…" is 33 characters: refused by the policy, and the next synonym takes its place; ${READ.heuristics}`,
    );
    expectEqual(`the last of ${what}`, "tea.set.dev.art.cat.dog.7ech", got.at(-1), READ.heuristics);
  });

  test("on seeded names: every candidate valid, canonical, distinct, not the wanted name, the same list twice", async () => {
    const { names, seed } = await generatedNames(lexiconCount("27.2"));
    const reproduce = reproduceLine(seed, "27", "27.2");
    for (const { typed, key } of names.slice(0, 1_000)) {
      const what = `heuristicCandidates(${show(typed)}, { year: ${YEAR} })`;
      const got = call(what, () => heuristicCandidates(typed, { year: YEAR }));
      const bad = got.filter((c) => {
        const verdict = normalizeUsername(c.name);
        return !verdict.ok || verdict.name !== c.name || !KINDS.has(c.kind);
      });
      expectThat(
        what,
        bad.length === 0,
        "every candidate accepted by the policy and already in its canonical form, of a known kind",
        bad.slice(0, 3).map((c) => `${show(c)}: ${JSON.stringify(normalizeUsername(c.name))}`),
        `pass every raw variant through normalizeUsername() and keep its name; ${READ.heuristics}. ${reproduce}`,
      );
      const names = got.map((c) => c.name);
      expectThat(
        what,
        new Set(names).size === names.length && !names.includes(key) && names.length <= MAX_HEURISTIC_CANDIDATES,
        `distinct names, without ${show(key)} itself, at most ${MAX_HEURISTIC_CANDIDATES}`,
        names,
        `a Set of the names seen, starting with the wanted name; ${READ.heuristics}. ${reproduce}`,
      );
      const again = call(what, () => heuristicCandidates(typed, { year: YEAR }));
      expectEqual(`${what}, asked twice`, got, again, "the same name and year give the same list: nothing random");
    }
  });
});
