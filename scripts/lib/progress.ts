// The learner's progress: a small JSON file in the git-ignored state folder.
// `pnpm check` writes it; `pnpm progress`, `pnpm hint`, `pnpm diff` and the docs site read it.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stateDir } from "../../shared/course/chapters.ts";

export type ChapterState = "not-started" | "in-progress" | "passed";
export type StageState = "passed" | "failed" | "skipped";

export interface ChapterProgress {
  state: ChapterState;
  openedAt?: string;
  checkedAt?: string;
  passedAt?: string;
  /** Result of the last check, per stage id. */
  stages: Record<string, StageState>;
  /** The first failing stage of the last check, if any. */
  failing?: string;
  /** How many rungs of each stage's hint ladder were shown. */
  hintsShown: Record<string, number>;
}

export interface Progress {
  version: 1;
  /** The chapter opened or checked last: what a bare `pnpm check` grades. */
  current?: string;
  chapters: Record<string, ChapterProgress>;
}

export function progressPath(): string {
  return join(stateDir(), "progress.json");
}

export function readProgress(): Progress {
  const path = progressPath();
  if (!existsSync(path)) return { version: 1, chapters: {} };
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Progress;
    if (parsed.version === 1 && typeof parsed.chapters === "object") return parsed;
  } catch {
    // A corrupt file (an editor crash, a merge) is not worth failing for: start afresh.
  }
  return { version: 1, chapters: {} };
}

/** Writes through a temporary file and a rename, so a killed process never leaves half a file. */
export function writeProgress(progress: Progress): void {
  const path = progressPath();
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(progress, null, 2) + "\n");
  renameSync(tmp, path);
}

export function chapterProgress(progress: Progress, dir: string): ChapterProgress {
  return (progress.chapters[dir] ??= { state: "not-started", stages: {}, hintsShown: {} });
}

export function updateProgress(change: (progress: Progress) => void): Progress {
  const progress = readProgress();
  change(progress);
  writeProgress(progress);
  return progress;
}
