// Stage 27.5: one score for every candidate. Hand-made inputs where the sources overlap and the
// scores tie, then seeded inputs compared with a model of the lesson's formula (fixtures/models.ts
// gives the Dice similarity, computed apart from your code).
import {
  type Candidate,
  type Neighbour,
  PHONETIC_BONUS_PER_STRENGTH,
  type Ranked,
  type RankInput,
  rankCandidates,
  type Similar,
  SOURCE_BONUS,
} from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectRefusal, expectThat, READ, show } from "./expect.ts";
import { byBytes, modelDice } from "./fixtures/models.ts";

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const row = (r: Ranked) => `${r.name} ${r.score.toFixed(6)} ${r.sources.join("+")}`;
const ORDER = ["separator", "synonym", "year", "leetspeak", "phonetic", "similar"];

/** The lesson's formula, written out: Dice + the best bonus, rounded; best first, ties by bytes. */
function model(wanted: string, input: RankInput, limit?: number): string[] {
  const best = new Map<string, number>();
  const sources = new Map<string, Set<string>>();
  const add = (name: string, source: string, bonus: number) => {
    if (name === wanted) return;
    best.set(name, Math.max(best.get(name) ?? 0, bonus));
    sources.set(name, (sources.get(name) ?? new Set()).add(source));
  };
  for (const c of input.heuristics ?? []) add(c.name, c.kind, SOURCE_BONUS[c.kind]);
  for (const n of input.phonetic ?? []) add(n.name, "phonetic", n.strength * PHONETIC_BONUS_PER_STRENGTH);
  for (const s of input.similar ?? []) add(s.name, "similar", 0);
  return [...best]
    .map(([name, bonus]) => ({
      name,
      score: round(modelDice(wanted, name) + bonus),
      sources: ORDER.filter((s) => sources.get(name)!.has(s)),
    }))
    .sort((a, b) => b.score - a.score || byBytes(a.name, b.name))
    .slice(0, limit)
    .map((r) => `${r.name} ${r.score.toFixed(6)} ${r.sources.join("+")}`);
}

function rank(wanted: string, input: RankInput, limit?: number): Ranked[] {
  const what = `rankCandidates(${show(wanted)}, ${show(input)}${limit === undefined ? "" : `, ${limit}`})`;
  return call(what, () => rankCandidates(wanted, input, limit));
}

stage("27.5", () => {
  test("merges a name found by several sources into one candidate with the best bonus, not the sum", () => {
    const input: RankInput = {
      heuristics: [
        { name: "ada_lovelace", kind: "separator" },
        { name: "ada.lovelace26", kind: "year" },
      ],
      phonetic: [
        { name: "ada_lovelace", strength: 3 },
        { name: "adalovelace", strength: 2 },
      ],
      similar: [
        { name: "ada_lovelace", score: 0.8 },
        { name: "ada.lovelace26", score: 0.9 },
      ],
    };
    const got = rank("ada.lovelace", input);
    expectEqual(
      `rankCandidates("ada.lovelace", …)`,
      model("ada.lovelace", input),
      got.map(row),
      `ada_lovelace: Dice + 0.5 (separator beats phonetic 0.3), once, its sources in the order of SOURCES; ${READ.rank}`,
    );
  });

  test("puts equal scores in code point order, whatever order the sources gave them in", () => {
    const similar: Similar[] = ["abz", "ab\u{1f600}", "aby", "ab\u{fffd}"].map((name) => ({ name, score: 0.5 }));
    const got = rank("abx", { similar });
    expectEqual(
      'rankCandidates("abx", { similar: [abz, ab😀, aby, ab\\uFFFD] }), the names',
      ["aby", "abz", "ab\u{fffd}", "ab\u{1f600}"],
      got.map((r) => r.name),
      `all four score 0.5: ties go in code point order (U+FFFD before U+1F600, which < on strings gets wrong); ${READ.rank}`,
    );
    const swapped = rank("abx", { similar: [...similar].reverse() });
    expectEqual("the same candidates given in the reverse order", got.map(row), swapped.map(row), READ.rank);
  });

  test("leaves the wanted name out, and cuts at the limit", () => {
    const heuristics: Candidate[] = [
      { name: "ada", kind: "year" },
      { name: "ada2026", kind: "year" },
      { name: "ada26", kind: "year" },
      { name: "4da", kind: "leetspeak" },
    ];
    const phonetic: Neighbour[] = [{ name: "ada", strength: 3 }];
    const got = rank("ada", { heuristics, phonetic });
    expectEqual(
      'rankCandidates("ada", …), the names',
      ["ada26", "ada2026", "4da"],
      got.map((r) => r.name),
      `never the wanted name itself; ${READ.rank}`,
    );
    for (const limit of [1, 2, 3, 10]) {
      const cut = rank("ada", { heuristics, phonetic }, limit);
      expectEqual(
        `rankCandidates("ada", …, ${limit}), the names`,
        ["ada26", "ada2026", "4da"].slice(0, limit),
        cut.map((r) => r.name),
        READ.rank,
      );
    }
  });

  test("refuses a limit that is not a whole number from 1", async () => {
    for (const limit of [0, -1, 2.5, Number.NaN])
      await expectRefusal(
        `rankCandidates("ada", {}, ${limit})`,
        () => rankCandidates("ada", {}, limit),
        RangeError,
        "limit",
        READ.rank,
      );
  });

  test("scores seeded inputs as the lesson's formula does, in its order", () => {
    const seed = checkSeed();
    const random = seededRandom(seed ^ 0x27_05);
    const letters = "abdeilmnorst";
    const word = () =>
      Array.from({ length: 3 + Math.floor(random() * 5) }, () => letters[Math.floor(random() * 12)]).join("");
    const kinds = ["separator", "synonym", "year", "leetspeak"] as const;
    for (let round = 0; round < 200; round++) {
      const wanted = word();
      const pool = Array.from({ length: 12 }, word);
      const pick = () => pool[Math.floor(random() * pool.length)]!;
      const input: RankInput = {
        heuristics: Array.from({ length: 6 }, () => ({ name: pick(), kind: kinds[Math.floor(random() * 4)]! })),
        phonetic: Array.from({ length: 4 }, () => ({
          name: pick(),
          strength: (1 + Math.floor(random() * 3)) as 1 | 2 | 3,
        })),
        similar: Array.from({ length: 4 }, () => ({ name: pick(), score: random() })),
      };
      const limit = round % 3 === 0 ? 5 : undefined;
      const got = rank(wanted, input, limit);
      expectThat(
        `rankCandidates(${show(wanted)}, ${show(input)}${limit === undefined ? "" : ", 5"})`,
        JSON.stringify(got.map(row)) === JSON.stringify(model(wanted, input, limit)),
        model(wanted, input, limit),
        got.map(row),
        `score = round(Dice(wanted, name) + the best bonus, 6 places); ${READ.rank}. ${reproduceLine(seed, "27", "27.5")}`,
      );
    }
  });
});
