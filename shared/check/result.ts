// The outcome of one grading run, as plain data: the reporter writes it, `pnpm check`,
// `pnpm hint`, the progress file and the integrity suite read it.
import type { FailureKind } from "./failure.ts";

/**
 * How a test failed. "todo" is a starter stub's "not implemented" error; "crash" is any
 * other exception from the code under grade; "runner-timeout" is vitest's own time limit,
 * which a well-written check never reaches.
 */
export type FailureClass = FailureKind | "todo" | "crash" | "runner-timeout";

export interface TestFailure {
  class: FailureClass;
  message: string;
  sent?: string;
  expected?: string;
  received?: string;
  hint?: string;
}

export interface TestOutcome {
  name: string;
  state: "passed" | "failed" | "skipped";
  failure?: TestFailure;
}

export interface StageOutcome {
  id: string;
  slug: string;
  title: string;
  chapter: string;
  state: "passed" | "failed" | "skipped" | "no-tests";
  tests: TestOutcome[];
}

export interface GradeResult {
  chapter: string;
  target: string;
  stages: StageOutcome[];
  /** A test file that could not run at all (syntax error, failed import). */
  fileErrors: { file: string; message: string }[];
  unhandledErrors: string[];
  /** True when the earlier chapters' stages ran as quick regressions, at smaller sizes (shared/check/size.ts). */
  quickRegressions?: boolean;
  passed: number;
  failed: number;
}

/** The name of the one placeholder test of a stage or suite skipped for a missing service. */
export const SKIPPED_PREFIX = "skipped: ";
