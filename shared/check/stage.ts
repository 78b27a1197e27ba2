// `stage("01.2", () => { test(...) })` groups a chapter's tests under one stage of its
// chapter.json, so the report, the hints and the README's stage list all speak of one thing.
import { beforeEach, describe, test } from "vitest";
import { loadChapters, type Stage } from "../course/chapters.ts";
import { type Acquire, type Acquired, acquireOrSkip } from "../services/describe-with.ts";
import { SKIPPED_PREFIX } from "./result.ts";
import { FIRST_FAILURE_ENV, stageSuiteName } from "./stage-name.ts";

export function findStage(id: string): Stage {
  const chapterId = id.split(".")[0];
  const chapter = loadChapters().find((c) => c.id === chapterId);
  const stage = chapter?.stages.find((s) => s.id === id);
  if (!stage) throw new Error(`stage ${id} is not declared in chapters/${chapterId}-*/chapter.json`);
  return stage;
}

/**
 * With TRILOGY_FIRST_FAILURE=1, a stage's checks after its first failure are skipped: one
 * failure answers whether a planted mistake is caught, and the checks after it would spend
 * their time (often a timeout each) proving it again. Per stage, unlike vitest's --bail, so
 * that several gradings can share one vitest run.
 */
function stopAtFirstFailure(): void {
  if (process.env[FIRST_FAILURE_ENV] !== "1") return;
  let failed = false;
  beforeEach((context) => {
    if (failed) context.skip();
    context.onTestFailed(() => {
      failed = true;
    });
  });
}

export function stage(id: string, body: () => void): void {
  // Stages run one after another, in file order, so the first failure is the earliest stage.
  describe.sequential(stageSuiteName(findStage(id)), () => {
    stopAtFirstFailure();
    body();
  });
}

/**
 * A stage whose checks need services, at the top level of a check file:
 *
 *   await stageWith([postgres], "11.2", (pg) => { test(...) });
 *
 * When this machine cannot provide a service, the stage is skipped and the report says, in
 * one line, what to install; under CI=true the check file fails instead.
 */
export async function stageWith<const A extends readonly Acquire[]>(
  acquire: A,
  id: string,
  body: (...services: Acquired<A>) => void,
): Promise<void> {
  const name = stageSuiteName(findStage(id));
  const services = await acquireOrSkip(acquire, (reason) => {
    describe.skip(name, () => {
      test(`${SKIPPED_PREFIX}${reason}`, () => undefined);
    });
  });
  if (services)
    describe.sequential(name, () => {
      stopAtFirstFailure();
      body(...services);
    });
}
