// Runs the checks of a chapter (and the earlier chapters of its project) against one tree,
// in a separate vitest process, and returns the structured result.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type Chapter, gradedChapters, ROOT } from "../course/chapters.ts";
import { referenceTree, starterTree } from "../course/trees.ts";
import { BATCH_ENV, type BatchEntry } from "./batch.ts";
import type { GradeResult } from "./result.ts";
import { SIZE_ENV } from "./size.ts";
import { FIRST_FAILURE_ENV } from "./stage-name.ts";

export type Target = "lab" | "solution" | "starter";

export interface GradeOptions {
  target: Target | { dir: string };
  /** A stage id ("01.3"): run only that stage. */
  only?: string;
  /** false: skip the earlier chapters' stages (the integrity suite's starter run needs only the new ones). */
  regressions?: boolean;
  /**
   * true: every stage at full size. Otherwise the earlier chapters' stages run as quick
   * regressions (shared/check/size.ts), unless TRILOGY_FULL=1 or CI=true is in the environment.
   */
  full?: boolean;
  /** The seed of the randomised checks (TRILOGY_SEED); their fixed default otherwise. */
  seed?: number;
  /**
   * true: a stage stops at its first failing check. For a question that one failure answers —
   * does this mutant make its stage fail? — the checks after it are time spent proving it again.
   */
  firstFailure?: boolean;
}

const VITEST_BIN = createRequire(import.meta.url).resolve("vitest/vitest.mjs");
const CONFIG = join(ROOT, "shared/check/vitest.config.ts");

export function targetDirOf(chapter: Chapter, target: GradeOptions["target"]): string {
  if (typeof target === "object") return target.dir;
  if (target === "solution") return referenceTree(chapter);
  if (target === "starter") return starterTree(chapter);
  return chapter.labDir;
}

export function testFilesOf(chapter: Chapter, regressions = true): string[] {
  return (regressions ? gradedChapters(chapter) : [chapter]).flatMap((c) =>
    existsSync(c.testsDir)
      ? readdirSync(c.testsDir)
          .filter((f) => f.endsWith(".test.ts"))
          .sort()
          .map((f) => join(c.testsDir, f))
      : [],
  );
}

/** Full size everywhere: asked for, or a CI run (CI always grades at full rigour). */
export function gradesFull(options: Pick<GradeOptions, "full">, env: NodeJS.ProcessEnv = process.env): boolean {
  return options.full ?? (env[SIZE_ENV.full] === "1" || env.CI === "true");
}

/**
 * The check files that name stage `id` (as the string "NN.M" in a stage(…) call): loading the
 * others would cost a process start each for no test. None found: all of them, so the report
 * still shows the stage as missing.
 */
function filesDeclaring(files: string[], id: string): string[] {
  const declaring = files.filter((file) => readFileSync(file, "utf8").includes(`"${id}"`));
  return declaring.length > 0 ? declaring : files;
}

/** "01.3" → the vitest name pattern of that stage's tests. */
function stagePattern(id: string): string {
  return `^${id.replace(".", "\\.")} `;
}

/** The environment of a grading run: what the checks, the reporter and the services read. */
function gradingEnv(chapter: Chapter, options: Omit<GradeOptions, "target">, resultFile: string): NodeJS.ProcessEnv {
  const services = [...new Set(gradedChapters(chapter).flatMap((c) => c.services))];
  return {
    ...process.env,
    TRILOGY_CHAPTER: chapter.dir,
    TRILOGY_REGRESSIONS: options.regressions === false ? "0" : "1",
    TRILOGY_RESULT_FILE: resultFile,
    [SIZE_ENV.full]: gradesFull(options) ? "1" : "0",
    [FIRST_FAILURE_ENV]: options.firstFailure ? "1" : "0",
    ...(options.seed !== undefined ? { TRILOGY_SEED: String(options.seed) } : {}),
    TRILOGY_SERVICES: services.join(","),
    FORCE_COLOR: "0",
  };
}

/**
 * Runs vitest over `args` with a scratch folder of its own, removed afterwards, and reads the
 * result its reporter wrote there. `extraEnv` adds what one kind of grading needs, and may write
 * its own files into the scratch folder first.
 */
async function runGrading<T>(
  chapter: Chapter,
  options: Omit<GradeOptions, "target">,
  args: string[],
  extraEnv: (scratch: string) => NodeJS.ProcessEnv,
): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), "trilogy-grade-"));
  try {
    const resultFile = join(scratch, "result.json");
    const env = { ...gradingEnv(chapter, options, resultFile), ...extraEnv(scratch) };
    const { code, output } = await run(process.execPath, [VITEST_BIN, "run", "--config", CONFIG, ...args], env);
    if (!existsSync(resultFile)) {
      throw new Error(`the check runner failed before grading (exit code ${code}):\n${output.trim()}`);
    }
    return JSON.parse(readFileSync(resultFile, "utf8")) as T;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function grade(chapter: Chapter, options: GradeOptions): Promise<GradeResult> {
  const files = testFilesOf(chapter, options.regressions ?? true);
  const selected = options.only ? filesDeclaring(files, options.only) : files;
  const args = [...selected];
  // One check file runs in one worker: the config's second worker would cost a process start
  // (about 0.6 s of CPU) for nothing. (A worker thread instead of a process starts cheaper,
  // but graded real checks no faster.)
  if (selected.length === 1) args.push("--maxWorkers", "1", "--minWorkers", "1");
  if (options.only) args.push("--testNamePattern", stagePattern(options.only));
  const result = await runGrading<GradeResult>(chapter, options, args, () => ({
    TRILOGY_TARGET_DIR: targetDirOf(chapter, options.target),
  }));
  return options.only ? onlyStage(result, options.only) : result;
}

/** One tree of a batch: graded on one stage of the chapter. */
export interface BatchTree {
  name: string;
  dir: string;
  only: string;
}

/**
 * Grades several trees, each on one stage of `chapter`, in one vitest run (shared/check/batch.ts),
 * `workers` check files at a time. The results come back by tree name, as grade() would have
 * returned them one by one.
 */
export async function gradeBatch(
  chapter: Chapter,
  trees: readonly BatchTree[],
  options: Omit<GradeOptions, "target" | "only"> & { workers: number },
): Promise<Map<string, GradeResult>> {
  const files = testFilesOf(chapter, options.regressions ?? true);
  const entries: BatchEntry[] = trees.map((tree) => ({
    name: tree.name,
    dir: tree.dir,
    files: filesDeclaring(files, tree.only).map((file) => relative(ROOT, file)),
    testNamePattern: stagePattern(tree.only),
  }));
  const workers = String(options.workers);
  const results = await runGrading<Record<string, GradeResult>>(
    chapter,
    options,
    ["--maxWorkers", workers, "--minWorkers", workers],
    (scratch) => {
      const batchFile = join(scratch, "batch.json");
      writeFileSync(batchFile, JSON.stringify(entries));
      return { [BATCH_ENV]: batchFile };
    },
  );
  return new Map(trees.map((tree) => [tree.name, onlyStage(results[tree.name] ?? missing(tree), tree.only)]));
}

function missing(tree: BatchTree): never {
  throw new Error(`the batch grading wrote no result for ${tree.name}`);
}

/** With --only, the stages whose files were not loaded were not run: skipped, not failed. */
function onlyStage(result: GradeResult, id: string): GradeResult {
  const stages = result.stages.map((s) =>
    s.id !== id && s.state === "no-tests" ? { ...s, state: "skipped" as const } : s,
  );
  return { ...result, stages, failed: stages.filter((s) => s.state === "failed" || s.state === "no-tests").length };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      // The services layer announces once which servers it started and how: pass that on.
      for (const line of text.split("\n")) if (line.startsWith("services:")) process.stderr.write(line + "\n");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
