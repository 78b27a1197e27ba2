// Every chapter's checks pass on its solution and fail on its starter: proof that the checks
// can both pass and fail, run for every chapter on every `pnpm test`.
import { describe, expect, test } from "vitest";
import { grade } from "../../shared/check/grade.ts";
import type { FailureClass, GradeResult } from "../../shared/check/result.ts";
import { loadChapters } from "../../shared/course/chapters.ts";

/** How a starter's stage may fail: a real check, never a crash of the checks themselves. */
const ACCEPTED_STARTER_FAILURES: FailureClass[] = ["check", "timeout", "exited", "todo"];

function problems(result: GradeResult): string[] {
  return [
    ...result.fileErrors.map((e) => `${e.file}: ${e.message}`),
    ...result.unhandledErrors.map((e) => `unhandled: ${e}`),
  ];
}

// One grading at a time: two side by side, beside the mutant suite, loaded two cores enough that
// a timing stage failed on a correct solution. The suite's own load stays within what the checks
// are proven to bear.
describe.each(loadChapters().map((c) => [c.dir, c] as const))("%s", (_dir, chapter) => {
  test("the solution passes every stage of the chapter and the earlier chapters of its project", async () => {
    // The chapter's own stages at full size; the earlier ones as quick regressions, as a
    // learner's check runs them. Each earlier stage ran at full size in its own chapter's test:
    // at full size on every later reference too, the suite would grow with the square of the
    // number of chapters.
    const result = await grade(chapter, { target: "solution", full: false });
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

  test("every stage new in the chapter fails on the starter, as a check failure", async () => {
    const result = await grade(chapter, { target: "starter", regressions: false, full: true });
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
