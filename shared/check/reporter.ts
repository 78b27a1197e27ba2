// A vitest reporter that prints nothing of vitest's own and writes one GradeResult as JSON.
// `pnpm check` turns that file into the learner's report; the integrity suite asserts on it.
import { writeFileSync } from "node:fs";
import type { Reporter, SerializedError, TestCase, TestModule } from "vitest/node";
import { findChapter, gradedChapters } from "../course/chapters.ts";
import { classifyFailure } from "./classify.ts";
import type { GradeResult, StageOutcome, TestOutcome } from "./result.ts";
import { SIZE_ENV } from "./size.ts";
import { STAGE_SUITE } from "./stage-name.ts";

export default class GradeReporter implements Reporter {
  /** A batch run (shared/check/batch.ts): the tree each project graded, by project name. */
  constructor(private readonly batch?: ReadonlyMap<string, string>) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const out = process.env.TRILOGY_RESULT_FILE;
    if (!out) return;
    if (!this.batch) {
      writeFileSync(out, JSON.stringify(buildResult(modules, unhandled), null, 2));
      return;
    }
    // One result per graded tree. An unhandled error belongs to no test file, so every tree's
    // result carries it: it can only make a grading look worse, never better.
    const results: Record<string, GradeResult> = {};
    for (const [name, target] of this.batch) {
      const own = modules.filter((m) => m.project.name === name);
      results[name] = buildResult(own, unhandled, target);
    }
    writeFileSync(out, JSON.stringify(results, null, 2));
  }
}

export function buildResult(
  modules: ReadonlyArray<TestModule>,
  unhandled: ReadonlyArray<SerializedError>,
  target = process.env.TRILOGY_TARGET_DIR ?? "",
): GradeResult {
  const chapterDir = process.env.TRILOGY_CHAPTER ?? "";
  const chapter = findChapter(chapterDir);
  const stages = new Map<string, StageOutcome>();
  const graded = !chapter ? [] : process.env.TRILOGY_REGRESSIONS === "0" ? [chapter] : gradedChapters(chapter);
  for (const c of graded) {
    for (const s of c.stages) {
      stages.set(s.id, { id: s.id, slug: s.slug, title: s.title, chapter: c.dir, state: "no-tests", tests: [] });
    }
  }
  const fileErrors: GradeResult["fileErrors"] = [];
  for (const module of modules) {
    for (const error of module.errors()) {
      fileErrors.push({ file: module.moduleId, message: classifyFailure(error).message });
    }
    // A failing beforeAll (the server did not start) fails its stage; vitest marks the
    // stage's tests as skipped, so the hook's error is the stage's failure.
    for (const suite of module.children.allSuites()) {
      const stage = stages.get(STAGE_SUITE.exec(suite.name)?.[1] ?? "");
      const error = suite.errors()[0];
      if (stage && error)
        stage.tests.push({ name: "(setup) starting the server", state: "failed", failure: classifyFailure(error) });
    }
    for (const test of module.children.allTests()) {
      const stageId = stageOf(test);
      const stage = stageId ? stages.get(stageId) : undefined;
      if (!stage) {
        fileErrors.push({ file: module.moduleId, message: `test "${test.fullName}" is not inside a stage(...) block` });
        continue;
      }
      stage.tests.push(outcomeOf(test));
    }
  }
  for (const stage of stages.values()) {
    if (stage.tests.length === 0) continue;
    if (stage.tests.some((t) => t.state === "failed")) stage.state = "failed";
    else if (stage.tests.every((t) => t.state === "skipped")) stage.state = "skipped";
    else stage.state = "passed";
  }
  const all = [...stages.values()];
  return {
    chapter: chapterDir,
    target,
    stages: all,
    fileErrors,
    unhandledErrors: unhandled.map((e) => classifyFailure(e).message),
    quickRegressions:
      process.env[SIZE_ENV.full] !== "1" &&
      all.some((s) => s.chapter !== chapterDir && s.state !== "no-tests" && s.state !== "skipped"),
    passed: all.filter((s) => s.state === "passed").length,
    // A stage with no tests is a failure too: a check that cannot fail must not count as passed.
    failed: all.filter((s) => s.state === "failed" || s.state === "no-tests").length,
  };
}

function stageOf(test: TestCase): string | undefined {
  for (let parent = test.parent; parent.type === "suite"; parent = parent.parent) {
    const match = STAGE_SUITE.exec(parent.name);
    if (match) return match[1];
  }
  return undefined;
}

function outcomeOf(test: TestCase): TestOutcome {
  const result = test.result();
  if (result.state === "failed") {
    return { name: test.name, state: "failed", failure: classifyFailure(result.errors[0] ?? { message: "failed" }) };
  }
  return { name: test.name, state: result.state === "passed" ? "passed" : "skipped" };
}
