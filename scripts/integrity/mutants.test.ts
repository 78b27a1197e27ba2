// A check that cannot fail proves nothing. Every chapter keeps a table of mutants — small,
// realistic mistakes planted in its reference (chapters/NN-slug/tests/mutants.ts) — and every
// stage has at least one. Each mutant is applied to a copy of the assembled reference and its
// stage is graded alone: the stage must fail.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { grade } from "../../shared/check/grade.ts";
import { type Chapter, loadChapters, ROOT } from "../../shared/course/chapters.ts";
import { applyMutant, loadMutants, type Mutant, mutantsPath } from "../../shared/course/mutants.ts";
import { copyTree, referenceTree } from "../../shared/course/trees.ts";

const chapters = await Promise.all(
  loadChapters().map(async (chapter) => ({ chapter, mutants: await loadMutants(chapter) })),
);

/**
 * How many mutants are graded at once. A grading is a process that spends much of its time
 * waiting (for a server to start, for the timeout that proves a check fails), so a few side by
 * side keep two cores busy. Load can only make a mutant fail sooner, never hide one.
 */
const PARALLEL = 3;
/** A mutant's test also waits for its turn behind the others: its time limit covers the queue. */
const MUTANT_TIMEOUT_MS = 15 * 60_000;

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` once fewer than PARALLEL others are running; a finished one hands its slot on. */
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running < PARALLEL) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Plants `mutant` in a copy of the chapter's reference and grades its stage alone. */
async function gradeMutant(
  chapter: Chapter,
  mutant: Mutant,
): Promise<{ state: string | undefined; fileErrors: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), `trilogy-mutant-${chapter.dir}-`));
  try {
    copyTree(referenceTree(chapter), dir);
    const path = join(dir, mutant.file);
    const applied = applyMutant(existsSync(path) ? readFileSync(path, "utf8") : "", mutant);
    if (!applied.ok)
      throw new Error(`${applied.reason}: update the mutant table ${relative(ROOT, mutantsPath(chapter))}`);
    writeFileSync(path, applied.text);
    const result = await grade(chapter, {
      target: { dir },
      only: mutant.stage,
      regressions: false,
      firstFailure: true,
    });
    return {
      state: result.stages.find((s) => s.id === mutant.stage)?.state,
      fileErrors: result.fileErrors.map((e) => e.message),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
    mutants.map((mutant) => [chapter.dir, mutant.stage, mutant.what, chapter, mutant] as const),
  );
  test.concurrent.for(rows)(
    "%s: stage %s catches a reference with %s",
    { timeout: MUTANT_TIMEOUT_MS },
    async ([, stage, , chapter, mutant], context) => {
      const { state, fileErrors } = await inTurn(() => gradeMutant(chapter, mutant));
      context.expect(fileErrors).toEqual([]);
      context.expect(state, `stage ${stage} passed with the mutant in place`).toBe("failed");
    },
  );
});
