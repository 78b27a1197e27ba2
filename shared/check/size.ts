// How big an expensive check runs. A learner's `pnpm check NN` runs chapter NN's own stages at
// full size and the earlier chapters' stages as quick regressions: the same checks on less
// work (fewer clients, fewer fuzz inputs, smaller streams), so feedback comes in seconds.
// `pnpm check NN --full` and CI's checks run everything at full size; `pnpm test` runs each
// stage at full size in its own chapter and quick as a regression of the later ones.
//
//   const CLIENTS = sized("03.8", { full: 1_000, quick: 100 });
//
// A quick size must still fail the mistakes its stage exists to catch (a server without
// backpressure must still outgrow the memory limit, a shared buffer must still mix clients):
// it trims the volume of work, never what is asserted.

/** The environment the grader sets for a run (see grade.ts). */
export const SIZE_ENV = {
  /** The chapter under check, "03-keep-alive": its stages always run at full size. */
  chapter: "TRILOGY_CHAPTER",
  /** "1": every stage at full size. */
  full: "TRILOGY_FULL",
} as const;

export interface Sizes<T> {
  /** The size a stage runs at in its own chapter's check and in `--full` runs. */
  full: T;
  /** The size it runs at as a regression in a later chapter's check. */
  quick: T;
}

/** True when the checks of `stageOrChapter` ("03.8" or "03") run at full size in this run. */
export function runsFull(stageOrChapter: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[SIZE_ENV.full] === "1") return true;
  const checked = env[SIZE_ENV.chapter];
  // A check file run outside the grader (no chapter under check) gets the full size too.
  if (!checked) return true;
  return checked.slice(0, 2) === stageOrChapter.slice(0, 2);
}

/** The size for a check of stage `stage`: full in its own chapter's check and in full runs, quick otherwise. */
export function sized<T>(stage: string, sizes: Sizes<T>, env: NodeJS.ProcessEnv = process.env): T {
  return runsFull(stage, env) ? sizes.full : sizes.quick;
}
