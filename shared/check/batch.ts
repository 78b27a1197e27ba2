// A batch: several trees graded against the same checks in ONE vitest run, each tree a vitest
// project of its own with "@lab" pointing at it. The integrity suite grades every planted mistake
// of a chapter this way: starting vitest, its services broker and a config once per chapter
// instead of once per mistake is most of what a mistake's grading used to cost.
import { readFileSync } from "node:fs";

export const BATCH_ENV = "TRILOGY_BATCH_FILE";

export interface BatchEntry {
  /** The project's name, unique in the batch; results come back under it. */
  name: string;
  /** The tree under grade. */
  dir: string;
  /** The check files to run, relative to the course root. */
  files: string[];
  /** Only the tests whose full name matches (a stage: "^14\\.2 "); all of them when absent. */
  testNamePattern?: string;
}

export function readBatch(file: string): BatchEntry[] {
  return JSON.parse(readFileSync(file, "utf8")) as BatchEntry[];
}
