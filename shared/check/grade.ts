// Runs the checks of a chapter (and the earlier chapters of its project) against one tree,
// in a separate vitest process, and returns the structured result.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Chapter, gradedChapters, ROOT } from "../course/chapters.ts";
import { referenceTree, starterTree } from "../course/trees.ts";
import type { GradeResult } from "./result.ts";
import { SIZE_ENV } from "./size.ts";

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
   * true: stop at the first failing check. For a question that one failure answers — does this
   * mutant make its stage fail? — the checks after it are time spent proving it again.
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

export async function grade(chapter: Chapter, options: GradeOptions): Promise<GradeResult> {
  const dir = targetDirOf(chapter, options.target);
  const services = [...new Set(gradedChapters(chapter).flatMap((c) => c.services))];
  const scratch = mkdtempSync(join(tmpdir(), "trilogy-grade-"));
  const resultFile = join(scratch, "result.json");
  const files = testFilesOf(chapter, options.regressions ?? true);
  const selected = options.only ? filesDeclaring(files, options.only) : files;
  const args = [VITEST_BIN, "run", "--config", CONFIG, ...selected];
  // One check file runs in one worker: the config's second worker would cost a process start
  // (about 0.6 s of CPU) for nothing, and a mutant's grading is mostly that overhead. (A worker
  // thread instead of a process starts cheaper, but graded real checks no faster.)
  if (selected.length === 1) args.push("--maxWorkers", "1", "--minWorkers", "1");
  if (options.only) args.push("--testNamePattern", `^${options.only.replace(".", "\\.")} `);
  if (options.firstFailure) args.push("--bail", "1");
  try {
    const { code, output } = await run(process.execPath, args, {
      ...process.env,
      TRILOGY_TARGET_DIR: dir,
      TRILOGY_CHAPTER: chapter.dir,
      TRILOGY_REGRESSIONS: options.regressions === false ? "0" : "1",
      TRILOGY_RESULT_FILE: resultFile,
      [SIZE_ENV.full]: gradesFull(options) ? "1" : "0",
      ...(options.seed !== undefined ? { TRILOGY_SEED: String(options.seed) } : {}),
      TRILOGY_SERVICES: services.join(","),
      FORCE_COLOR: "0",
    });
    if (!existsSync(resultFile)) {
      throw new Error(`the check runner failed before grading (exit code ${code}):\n${output.trim()}`);
    }
    const result = JSON.parse(readFileSync(resultFile, "utf8")) as GradeResult;
    return options.only ? onlyStage(result, options.only) : result;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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
