// Every chapter's checks pass on its solution and fail on its starter: proof that the checks
// can both pass and fail, run for every chapter on every `pnpm test`.
import { beforeAll, describe, expect, test } from "vitest";
import { grade } from "../../shared/check/grade.ts";
import type { FailureClass, GradeResult } from "../../shared/check/result.ts";
import { type Chapter, loadChapters } from "../../shared/course/chapters.ts";
import { addsOnly } from "../../shared/course/trees.ts";
import { Lanes, queuedOnce, selectedTests } from "./lanes.ts";

/** How a starter's stage may fail: a real check, never a crash of the checks themselves. */
const ACCEPTED_STARTER_FAILURES: FailureClass[] = ["check", "timeout", "exited", "todo"];

function problems(result: GradeResult): string[] {
  return [
    ...result.fileErrors.map((e) => `${e.file}: ${e.message}`),
    ...result.unhandledErrors.map((e) => `unhandled: ${e}`),
  ];
}

/**
 * Two queues of gradings: the solutions, one after another, and beside them the starters, one
 * after another. Two solutions side by side, beside the mutant suite, loaded two cores enough
 * that a timing stage failed on a correct solution; a starter's grading is mostly waiting (its
 * checks fail at once, or wait for a server that never answers).
 */
const solutions = queuedOnce<Chapter, GradeResult>(new Lanes(1));
const starters = queuedOnce<Chapter, GradeResult>(new Lanes(1));
const SOLUTION_TEST =
  "the solution passes every stage of the chapter, and the earlier chapters' where it changes their code";
const STARTER_TEST = "every stage new in the chapter fails on the starter, as a check failure";
/** A test also waits for the gradings queued before its own: its time limit covers them. */
const GRADING_TIMEOUT_MS = 15 * 60_000;

// The chapter's own stages at full size; the earlier ones as quick regressions, as a learner's
// check runs them. Each earlier stage ran at full size in its own chapter's test: at full size
// on every later reference too, the suite would grow with the square of the number of chapters.
// A reference that only adds to the one before it (new files, export lines: addsOnly()) changes
// nothing the earlier stages exercise, and the reference before it passed them: its own stages
// are graded, not the earlier ones again.
const solutionOf = (chapter: Chapter) =>
  solutions(chapter, () => grade(chapter, { target: "solution", full: false, regressions: !addsOnly(chapter) }));
const starterOf = (chapter: Chapter) =>
  starters(chapter, () => grade(chapter, { target: "starter", regressions: false, full: true }));

const chapters = loadChapters();

// Queue every grading a test is left to run for (a -t filter skips the others), in chapter order.
beforeAll((file) => {
  for (const chapter of chapters) {
    const suite = file.tasks.find((task) => task.name === chapter.dir);
    const selected = suite && "tasks" in suite ? selectedTests(suite) : [];
    if (selected.includes(SOLUTION_TEST)) solutionOf(chapter);
    if (selected.includes(STARTER_TEST)) starterOf(chapter);
  }
});

describe.each(chapters.map((c) => [c.dir, c] as const))("%s", (_dir, chapter) => {
  test(SOLUTION_TEST, { timeout: GRADING_TIMEOUT_MS }, async () => {
    const result = await solutionOf(chapter);
    const failing = result.stages
      .filter((s) => s.state !== "passed")
      .map((s) => {
        // What the check received too: "your server exited" alone does not say why it did.
        const failure = s.tests.find((t) => t.failure)?.failure;
        if (!failure) return `${s.id} ${s.state}: no tests`;
        return `${s.id} ${s.state}: ${failure.message}${failure.received ? `\n  received: ${failure.received}` : ""}`;
      });
    expect(problems(result)).toEqual([]);
    expect(failing).toEqual([]);
  });

  test(STARTER_TEST, { timeout: GRADING_TIMEOUT_MS }, async () => {
    const result = await starterOf(chapter);
    expect(problems(result)).toEqual([]);
    for (const stage of result.stages.filter((s) => s.chapter === chapter.dir)) {
      expect(stage.state, `stage ${stage.id} must fail on the starter`).toBe("failed");
      for (const t of stage.tests) {
        if (t.failure)
          expect(ACCEPTED_STARTER_FAILURES, `${stage.id} "${t.name}": ${t.failure.message}`).toContain(t.failure.class);
      }
    }
  });
});
