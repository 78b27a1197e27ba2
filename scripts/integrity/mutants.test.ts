// A check that cannot fail proves nothing. Every chapter keeps a table of mutants — small,
// realistic mistakes planted in its reference (chapters/NN-slug/tests/mutants.ts) — and every
// stage has at least one. Each mutant is applied to a copy of the assembled reference and its
// stage is graded alone: the stage must fail. A chapter's copies are graded in one vitest run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { gradeBatch } from "../../shared/check/grade.ts";
import { type Chapter, loadChapters, ROOT } from "../../shared/course/chapters.ts";
import { applyMutant, loadMutants, type Mutant, mutantsPath } from "../../shared/course/mutants.ts";
import { copyTree, referenceTree } from "../../shared/course/trees.ts";
import { Lanes, queuedOnce, selectedTests } from "./lanes.ts";

const chapters = await Promise.all(
  loadChapters().map(async (chapter) => ({ chapter, mutants: await loadMutants(chapter) })),
);

/**
 * How a chapter's mutants are graded: all of them in one vitest run, each mutated tree a project
 * of its own (shared/check/batch.ts), WORKERS check files at a time, LANES chapters at a time.
 * A batch ends with its slowest mutant — one that waits out a stage's budget — and two lanes keep
 * the cores busy while one batch waits on its last mutant. Four files at a time in all leave room
 * for the chapter gradings running beside this suite. Load can only make a mutant fail sooner,
 * never hide one.
 */
const WORKERS = 2;
const LANES = 2;
/** A mutant's test also waits for the chapters before its own and for the whole batch: its time limit covers both. */
const MUTANT_TIMEOUT_MS = 15 * 60_000;

interface MutantGrading {
  state: string | undefined;
  fileErrors: string[];
}

/** Plants `mutant` in a copy of the chapter's reference, in `dir`. */
function plant(chapter: Chapter, mutant: Mutant, dir: string): void {
  copyTree(referenceTree(chapter), dir);
  const path = join(dir, mutant.file);
  const applied = applyMutant(existsSync(path) ? readFileSync(path, "utf8") : "", mutant);
  if (!applied.ok)
    throw new Error(`${applied.reason}: update the mutant table ${relative(ROOT, mutantsPath(chapter))}`);
  writeFileSync(path, applied.text);
}

/** Plants each mutant in its own copy of the reference and grades each copy on the mutant's stage alone. */
async function gradeMutants(chapter: Chapter, mutants: readonly Mutant[]): Promise<MutantGrading[]> {
  const scratch = mkdtempSync(join(tmpdir(), `trilogy-mutants-${chapter.dir}-`));
  try {
    const trees = mutants.map((mutant, i) => {
      const dir = join(scratch, `mutant-${i}`);
      plant(chapter, mutant, dir);
      return { name: `mutant-${i}`, dir, only: mutant.stage };
    });
    const results = await gradeBatch(chapter, trees, { regressions: false, firstFailure: true, workers: WORKERS });
    return mutants.map((mutant, i) => {
      const result = results.get(`mutant-${i}`);
      return {
        state: result?.stages.find((s) => s.id === mutant.stage)?.state,
        fileErrors: result?.fileErrors.map((e) => e.message) ?? [],
      };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const queue = queuedOnce<Chapter, MutantGrading[]>(new Lanes(LANES));
/** Each chapter's batch, queued once and awaited by all its mutants' tests. */
const batchOf = (chapter: Chapter, mutants: readonly Mutant[]) => queue(chapter, () => gradeMutants(chapter, mutants));

describe.each(chapters.map(({ chapter, mutants }) => [chapter.dir, chapter, mutants] as const))(
  "%s",
  (_dir, chapter, mutants) => {
    test("has a mutant table with at least one mutant for every stage, each naming a stage of the chapter", () => {
      expect(existsSync(mutantsPath(chapter)), `${relative(ROOT, mutantsPath(chapter))} is missing`).toBe(true);
      const ids = chapter.stages.map((s) => s.id);
      expect(
        mutants.filter((m) => !ids.includes(m.stage)).map((m) => `${m.stage}: ${m.what}`),
        "mutants for stages the chapter does not have",
      ).toEqual([]);
      expect(
        ids.filter((id) => !mutants.some((m) => m.stage === id)),
        "stages without a mutant",
      ).toEqual([]);
    });

    test("every mutant still applies to the reference: its text occurs exactly once in its file", () => {
      const reference = referenceTree(chapter);
      const stale = mutants.flatMap((m) => {
        const path = join(reference, m.file);
        if (!existsSync(path)) return [`${m.stage} "${m.what}": ${m.file} is not in the reference`];
        if (m.from === m.to) return [`${m.stage} "${m.what}": from and to are the same`];
        const applied = applyMutant(readFileSync(path, "utf8"), m);
        return applied.ok ? [] : [`${m.stage} "${m.what}": ${applied.reason}`];
      });
      expect(stale, `update the mutant table ${relative(ROOT, mutantsPath(chapter))}`).toEqual([]);
    });
  },
);

describe("every mutant is caught by its stage", () => {
  const rows = chapters.flatMap(({ chapter, mutants }) =>
    mutants.map((mutant, index) => [chapter.dir, mutant.stage, mutant.what, chapter, mutants, index] as const),
  );
  // Queue the batch of every chapter with a test left to run (a -t filter skips the others), in
  // chapter order: the tests below start a few at a time and would otherwise ask for one at a time.
  beforeAll((suite) => {
    const selected = new Set(selectedTests(suite).map((name) => name.split(":")[0]));
    for (const { chapter, mutants } of chapters) if (selected.has(chapter.dir)) batchOf(chapter, mutants);
  });
  test.concurrent.for(rows)(
    "%s: stage %s catches a reference with %s",
    { timeout: MUTANT_TIMEOUT_MS },
    async ([, stage, , chapter, mutants, index], context) => {
      const { state, fileErrors } = (await batchOf(chapter, mutants))[index] as MutantGrading;
      context.expect(fileErrors).toEqual([]);
      context.expect(state, `stage ${stage} passed with the mutant in place`).toBe("failed");
    },
  );
});
