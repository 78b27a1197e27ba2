// The vitest configuration behind `pnpm check`: one run grades one tree (learner copy,
// solution or starter) against the checks of a chapter and the earlier chapters of its project,
// or, given a batch file (shared/check/batch.ts), several trees side by side, one project each.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { ROOT } from "../course/chapters.ts";
import { publishPart } from "../course/parts.ts";
import { BATCH_ENV, readBatch } from "./batch.ts";
import GradeReporter from "./reporter.ts";

const target = process.env.TRILOGY_TARGET_DIR;
const batchFile = process.env[BATCH_ENV];
if (!target && !batchFile) throw new Error("TRILOGY_TARGET_DIR is not set: run checks with `pnpm check NN`");
const batch = batchFile ? readBatch(batchFile) : undefined;

export default defineConfig({
  root: ROOT,
  // Checks import the code they grade as "@lab/src/…"; this is the one indirection that
  // points the same test file at the learner's copy, the solution or the starter. A tinyorm
  // tree from chapter 20 on imports microfast by name, and an unamex tree from chapter 24 on
  // imports tinyorm, each its newest reference (shared/course/parts.ts).
  resolve: {
    alias: {
      ...(target ? { "@lab": target } : {}),
      "@trilogy/microfast": publishPart("microfast"),
      "@trilogy/tinyorm": publishPart("tinyorm"),
    },
  },
  test: {
    // A batch's projects name their own files (a project's list is added to this one, not put in its place).
    include: batch ? [] : ["chapters/*/tests/**/*.test.ts"],
    reporters: [new GradeReporter(batch && new Map(batch.map((entry) => [entry.name, entry.dir])))],
    // Postgres, Redis and Kafka for the chapters that need them: started once per grading run
    // (the ones chapter.json names right away) and shared by every check file through a
    // loopback broker; inside \`pnpm test\` the outer run's servers are reused.
    globalSetup: [join(ROOT, "shared/services/global-setup.ts")],
    pool: "forks",
    // Check files share their worker processes instead of starting one each (a start costs
    // about half a second of CPU): nothing in a check file keeps state between files. Two
    // files at a time even on two cores, because most of a check is waiting on a server.
    // A batch isolates: vitest runs the projects of an unisolated run one after another, and a
    // module shared by check files must not carry one tree's code into another tree's grading.
    isolate: !!batch,
    // All workers from the start and to the end: a worker the pool stops for being idle ends the
    // run with an unhandled "Terminating worker thread" error (seen with fewer minimum workers).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: Math.max(2, availableParallelism() - 1),
    // A backstop only: every check has its own, shorter timeout that names what it awaited.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    watch: false,
    projects: batch?.map((entry) => ({
      extends: true,
      resolve: { alias: { "@lab": entry.dir } },
      test: {
        name: entry.name,
        include: entry.files,
        ...(entry.testNamePattern ? { testNamePattern: entry.testNamePattern } : {}),
        // Programs the checks start find the tree here (shared/check/lab-alias.ts).
        env: { TRILOGY_TARGET_DIR: entry.dir },
      },
    })),
  },
});
