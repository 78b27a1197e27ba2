// `stage("01.2", () => { test(...) })` groups a chapter's tests under one stage of its
// chapter.json, so the report, the hints and the README's stage list all speak of one thing.
import { describe } from "vitest";
import { loadChapters, type Stage } from "../../scripts/lib/course.ts";
import { stageSuiteName } from "./stage-name.ts";

export function findStage(id: string): Stage {
  const chapterId = id.split(".")[0];
  const chapter = loadChapters().find((c) => c.id === chapterId);
  const stage = chapter?.stages.find((s) => s.id === id);
  if (!stage) throw new Error(`stage ${id} is not declared in chapters/${chapterId}-*/chapter.json`);
  return stage;
}


export function stage(id: string, body: () => void): void {
  // Stages run one after another, in file order, so the first failure is the earliest stage.
  describe.sequential(stageSuiteName(findStage(id)), body);
}
