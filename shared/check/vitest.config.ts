// The vitest configuration behind `pnpm check`: one run grades one tree (learner copy,
// solution or starter) against the checks of a chapter and the earlier chapters of its project.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { ROOT } from "../course/chapters.ts";
import GradeReporter from "./reporter.ts";

const target = process.env.TRILOGY_TARGET_DIR;
if (!target) throw new Error("TRILOGY_TARGET_DIR is not set: run checks with `pnpm check NN`");

export default defineConfig({
  root: ROOT,
  resolve: {
    // Checks import the code they grade as "@lab/src/…"; this is the one indirection that
    // points the same test file at the learner's copy, the solution or the starter.
    alias: { "@lab": target },
  },
  test: {
    include: ["chapters/*/tests/**/*.test.ts"],
    reporters: [new GradeReporter()],
    // Postgres, Redis and Kafka for the chapters that need them: started once per grading run
    // (the ones chapter.json names right away) and shared by every check file through a
    // loopback broker; inside \`pnpm test\` the outer run's servers are reused.
    globalSetup: [join(ROOT, "shared/services/global-setup.ts")],
    pool: "forks",
    // Check files share their worker processes instead of starting one each (a start costs
    // about half a second of CPU): nothing in a check file keeps state between files. Two
    // files at a time even on two cores, because most of a check is waiting on a server.
    isolate: false,
    // All workers from the start and to the end: a worker the pool stops for being idle ends the
    // run with an unhandled "Terminating worker thread" error (seen with fewer minimum workers).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: Math.max(2, availableParallelism() - 1),
    // A backstop only: every check has its own, shorter timeout that names what it awaited.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    watch: false,
  },
});
