// The learner's state for a chapter, as the site shows it. The site is static: the state is read
// from the progress file when the site is built, and every page says when that was.
import type { Stage } from "../../shared/course/chapters.ts";
import type { ChapterState, Progress, StageState } from "../lib/progress.ts";
import type { SiteChapter } from "./sources.ts";

/** A stage the last check did not reach (or no check has run yet). */
export type StageResult = StageState | "not-run";

export interface ChapterStatus {
  state: ChapterState;
  /** The stage to work on: the first failing one of the last check. */
  failing: Stage | undefined;
  checkedAt: string | undefined;
  passedAt: string | undefined;
  stages: { stage: Stage; result: StageResult }[];
}

export const STATE_LABELS: Record<ChapterState, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  passed: "Passed",
};

export function chapterStatus(progress: Progress, chapter: SiteChapter): ChapterStatus {
  const entry = progress.chapters[chapter.dir];
  const results = entry?.stages ?? {};
  const stages = chapter.stages.map((stage) => ({ stage, result: results[stage.id] ?? ("not-run" as const) }));
  const failingId = entry?.failing ?? stages.find((s) => s.result === "failed")?.stage.id;
  return {
    state: entry?.state ?? "not-started",
    failing: entry?.state === "in-progress" ? chapter.stages.find((s) => s.id === failingId) : undefined,
    checkedAt: entry?.checkedAt,
    passedAt: entry?.passedAt,
    stages,
  };
}

/** The command that moves the learner on from this state. */
export function nextCommand(status: ChapterStatus, chapter: SiteChapter): string {
  if (status.state === "not-started") return `pnpm lab ${chapter.id}`;
  if (status.state === "passed") return `pnpm diff ${chapter.id}`;
  return status.failing ? `pnpm hint ${chapter.id}` : `pnpm check ${chapter.id}`;
}

// Dates are shown in the learner's own time zone: the site is built on their machine.
const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** "21 Nov 2026, 11:30" for an ISO timestamp or a Date; the input as-is when it is not a date. */
export function formatTime(time: string | Date): string {
  const date = typeof time === "string" ? new Date(time) : time;
  return Number.isNaN(date.getTime()) ? String(time) : DATE_TIME.format(date);
}
