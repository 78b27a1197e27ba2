// How a stage is named in vitest, and how the reporter reads the stage back from that name.
// Free of vitest imports: the grader's own process reads it too.
import type { Stage } from "../course/chapters.ts";

/** The describe-block name: "01.2 ping-echo — Answers PING and ECHO". */
export function stageSuiteName(stage: Stage): string {
  return `${stage.id} ${stage.slug} — ${stage.title}`;
}

export const STAGE_SUITE = /^(\d\d\.\d+) ([a-z0-9-]+) — /;

/** Set to "1" by a grading that asks one question of each stage, does it fail (stage.ts). */
export const FIRST_FAILURE_ENV = "TRILOGY_FIRST_FAILURE";
