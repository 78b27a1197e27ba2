// Mistakes a learner could make in chapter 27, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const SOUNDEX = "src/unamex/suggest/soundex.ts";
const HEURISTICS = "src/unamex/suggest/heuristics.ts";
const PHONETIC = "src/unamex/suggest/phonetic-index.ts";
const NGRAMS = "src/unamex/suggest/ngrams.ts";
const RANK = "src/unamex/suggest/rank.ts";
const SUGGESTER = "src/unamex/suggest/suggester.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "27.1",
    file: SOUNDEX,
    from: `    } else if (SEPARATING.has(letter)) previous = "";`,
    to: `    } else previous = "";`,
    what: "H and W separate like vowels: Ashcraft becomes A226",
  },
  {
    stage: "27.1",
    file: SOUNDEX,
    from: `  let previous = DIGITS[first] ?? "";`,
    to: `  let previous = "";`,
    what: "the first letter does not count as its own digit: Pfister becomes P123",
  },
  {
    stage: "27.1",
    file: SOUNDEX,
    from: `    } else if (SEPARATING.has(letter)) previous = "";
    // H and W: neither a digit nor a separator; \`previous\` stays as it was.`,
    to: `    }`,
    what: "vowels do not separate equal digits: Bobby becomes B000",
  },
  {
    stage: "27.1",
    file: SOUNDEX,
    from: `  return code.padEnd(SOUNDEX_LENGTH, "0");`,
    to: `  return code;`,
    what: "the code is not padded: Lee is L, not L000",
  },
  {
    stage: "27.2",
    file: HEURISTICS,
    from: `    if (!checked.ok || seen.has(checked.name)) continue;`,
    to: `    if (!checked.ok) continue;`,
    what: "no deduplication: a variant made twice (or equal to the wanted name) is offered again",
  },
  {
    stage: "27.2",
    file: HEURISTICS,
    from: `    if (!checked.ok || seen.has(checked.name)) continue;
    seen.add(checked.name);
    out.push({ name: checked.name, kind });`,
    to: `    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, kind });`,
    what: "the variants are not passed through the policy again: a year makes a name of 32 characters",
  },
  {
    stage: "27.2",
    file: HEURISTICS,
    from: `  const base = verdict.name;`,
    to: `  const base = wanted;`,
    what: "the variants are made from the name as typed: Ada.Lovelace gives upper-case raw variants, and the wanted name is not seen",
  },
  {
    stage: "27.2",
    file: HEURISTICS,
    from: `    if (out.length === MAX_HEURISTIC_CANDIDATES) break;`,
    to: `    if (out.length > MAX_HEURISTIC_CANDIDATES) break;`,
    what: "one candidate more than the bound (off by one)",
  },
  {
    stage: "27.3",
    file: PHONETIC,
    from: "new Set([codes.primary, codes.secondary])",
    to: "new Set([codes.primary])",
    what: "names filed under the primary code only: smith (secondary XMT) is no neighbour of schmidt (primary XMT)",
  },
  {
    stage: "27.3",
    file: PHONETIC,
    from: "        if (name !== self && !found.has(name)) found.set(name, strength(mine, this.#codes.get(name)!));",
    to: "        if (!found.has(name)) found.set(name, strength(mine, this.#codes.get(name)!));",
    what: "the query is its own neighbour",
  },
  {
    stage: "27.3",
    file: PHONETIC,
    from: "b.strength - a.strength || a.apart - b.apart || byCodePoints(a.name, b.name)",
    to: "b.strength - a.strength || byCodePoints(a.name, b.name)",
    what: "equal strengths in code point order only, not the closest in length first",
  },
  {
    stage: "27.4",
    file: NGRAMS,
    from: `  const chars = [" ", " ", ...name, " "];`,
    to: `  const chars = [" ", ...name, " "];`,
    what: "one space of padding in front: the first letter is in one trigram less",
  },
  {
    stage: "27.4",
    file: NGRAMS,
    from: `      const score = (2 * count) / (mine.length + this.#grams[id]!);`,
    to: `      const score = count / (mine.length + this.#grams[id]! - count);`,
    what: "the index scores by Jaccard where the lesson says Dice",
  },
  {
    stage: "27.4",
    file: NGRAMS,
    from: `      if (score >= MIN_SIMILARITY && name !== verdict.name) found.push({ name, score });`,
    to: `      if (score > MIN_SIMILARITY && name !== verdict.name) found.push({ name, score });`,
    what: "a name exactly at the threshold is left out",
  },
  {
    stage: "27.4",
    file: NGRAMS,
    from: `  const chars = [" ", " ", ...name, " "];`,
    to: `  const chars = [" ", " ", ...name.split(""), " "];`,
    what: "trigrams of UTF-16 units: an astral character is cut into its surrogates",
  },
  {
    stage: "27.5",
    file: RANK,
    from: `    bonus.set(name, Math.max(bonus.get(name) ?? 0, value));`,
    to: `    bonus.set(name, (bonus.get(name) ?? 0) + value);`,
    what: "the bonuses of a name's sources summed, not the best taken",
  },
  {
    stage: "27.5",
    file: RANK,
    from: `  ranked.sort((a, b) => b.score - a.score || byCodePoints(a.name, b.name));`,
    to: `  ranked.sort((a, b) => b.score - a.score);`,
    what: "ties left in the order the sources gave them",
  },
  {
    stage: "27.5",
    file: RANK,
    from: `  ranked.sort((a, b) => b.score - a.score || byCodePoints(a.name, b.name));`,
    to: `  ranked.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));`,
    what: "ties in UTF-16 order (< on strings): an astral character before U+FFFD",
  },
  {
    stage: "27.5",
    file: RANK,
    from: `    if (name === wanted) return;`,
    to: ``,
    what: "the wanted name is ranked among its own suggestions",
  },
  {
    stage: "27.6",
    file: SUGGESTER,
    from: `        if (answer.available) free.push(batch[i]!);`,
    to: `        if (answer.normalized !== null) free.push(batch[i]!);`,
    what: "every valid candidate kept, taken or not",
  },
  {
    stage: "27.6",
    file: SUGGESTER,
    from: `    const size = batchSize(limit);`,
    to: `    const size = ranked.length;`,
    what: "every candidate asked about in one checkMany(): hundreds of names for a page of ten",
  },
  {
    stage: "27.6",
    file: SUGGESTER,
    from: `        if (free.length === limit) return free;`,
    to: `        if (free.length === limit) break;`,
    what: "the page is full but the next batch is asked anyway (break leaves only the inner loop)",
  },
  {
    stage: "27.6",
    file: SUGGESTER,
    from: `    for (let start = 0, batches = 0; start < ranked.length && batches < MAX_BATCHES; start += size, batches++) {`,
    to: `    for (let start = 0; start < ranked.length; start += size) {`,
    what: "no bound on the batches: a name whose every candidate is taken asks about all of them",
  },
];
