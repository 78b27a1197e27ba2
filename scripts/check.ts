// `pnpm check NN`: grade the learner's copy of chapter NN (and the earlier stages of its
// project, as quick regressions unless --full), print the report, and record progress.
import { existsSync, readFileSync, watch } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import { grade, type Target } from "../shared/check/grade.ts";
import { formatReport } from "../shared/check/report.ts";
import type { GradeResult } from "../shared/check/result.ts";
import { type Chapter, gradedChapters, ROOT } from "../shared/course/chapters.ts";
import { listFiles } from "../shared/course/trees.ts";
import { missingServiceLine, readiness } from "../shared/services/readiness.ts";
import { chapterArg, main, parse, UsageError } from "./lib/cli.ts";
import { chapterProgress, updateProgress } from "./lib/progress.ts";

const USAGE = "pnpm check [chapter] [--solution | --starter] [--only <stage>] [--full] [--watch]";
/** Editors save in bursts (write, rename, chmod): wait for quiet before re-grading. */
const WATCH_DEBOUNCE_MS = 300;

await main(async () => {
  const { values, positionals } = parse(USAGE, {
    solution: { type: "boolean" },
    starter: { type: "boolean" },
    only: { type: "string" },
    full: { type: "boolean" },
    watch: { type: "boolean", short: "w" },
  });
  if (positionals.length > 1) throw new UsageError(`one chapter at a time\nusage: ${USAGE}`);
  if (values.solution && values.starter)
    throw new UsageError(`--solution and --starter exclude each other\nusage: ${USAGE}`);
  const chapter = chapterArg(positionals[0], USAGE, true);
  const target: Target = values.solution ? "solution" : values.starter ? "starter" : "lab";
  if (values.only !== undefined) {
    const ids = gradedChapters(chapter).flatMap((c) => c.stages.map((s) => s.id));
    if (!ids.includes(values.only))
      throw new UsageError(`unknown stage "${values.only}"; stages of this check: ${ids.join(", ")}`);
  }
  if (target === "lab" && !existsSync(chapter.labDir)) {
    throw new UsageError(`you have no copy of chapter ${chapter.id} yet: run \`pnpm lab ${chapter.id}\` first`);
  }

  const once = async (): Promise<number> => {
    const unresolved = target === "lab" ? filesWithConflictMarkers(chapter.labDir) : [];
    if (unresolved.length > 0) {
      process.stdout.write(
        `${pc.red("your copy still holds merge conflicts")} (from pnpm lab ${chapter.id}); resolve them, then check again:\n` +
          unresolved.map((f) => `  ${relative(ROOT, f.path)}:${f.line}`).join("\n") +
          "\n",
      );
      return 1;
    }
    // A chapter checked against a service this machine cannot provide would only skip every
    // stage: say in one line how to get it instead.
    for (const service of chapter.services) {
      const ready = await readiness(service);
      if (!ready.ready) {
        process.stdout.write(`${pc.yellow(missingServiceLine(chapter.id, service))}\n`);
        return 1;
      }
    }
    const result = await grade(chapter, {
      target,
      ...(values.only ? { only: values.only } : {}),
      ...(values.full ? { full: true } : {}),
    });
    process.stdout.write(formatReport(result, chapter));
    if (target === "lab") record(chapter, result, values.only === undefined);
    const ok = result.failed === 0 && result.fileErrors.length === 0 && result.unhandledErrors.length === 0;
    if (ok && target === "lab" && !values.only) {
      process.stdout.write(
        pc.green(`\nChapter ${chapter.id} passed. Compare with the reference: pnpm diff ${chapter.id}\n`),
      );
    }
    return ok ? 0 : 1;
  };

  if (!values.watch) return once();
  const dir = target === "lab" ? chapter.labDir : ROOT;
  await watchLoop(dir, once);
});

function record(chapter: Chapter, result: GradeResult, complete: boolean): void {
  updateProgress((progress) => {
    progress.current = chapter.dir;
    const now = new Date().toISOString();
    for (const stage of result.stages) {
      if (stage.state === "skipped" || stage.state === "no-tests") continue;
      const owner = chapterProgress(progress, stage.chapter);
      if (stage.chapter === chapter.dir) owner.stages[stage.id] = stage.state;
    }
    const entry = chapterProgress(progress, chapter.dir);
    entry.checkedAt = now;
    const own = result.stages.filter((s) => s.chapter === chapter.dir);
    const failing = own.find((s) => s.state === "failed" || s.state === "no-tests");
    if (failing) entry.failing = failing.id;
    else delete entry.failing;
    if (complete && !failing && result.failed === 0) {
      entry.state = "passed";
      entry.passedAt ??= now;
    } else if (entry.state !== "passed") {
      entry.state = "in-progress";
    }
  });
}

async function watchLoop(dir: string, once: () => Promise<number>): Promise<never> {
  const run = async () => {
    // Clear the screen and put the cursor home, on a terminal only: into a pipe or a file the codes are noise.
    if (process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[H");
    await once();
    process.stdout.write(pc.dim(`\nwatching ${relative(ROOT, dir) || "."} — save a file to re-run, Ctrl-C to stop\n`));
  };
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  await run();
  watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(run);
    }, WATCH_DEBOUNCE_MS);
  });
  return new Promise<never>(() => {});
}

/** Files of the learner's copy where a carried-forward merge left conflict markers, with the first marker's line. */
function filesWithConflictMarkers(dir: string): { path: string; line: number }[] {
  const found: { path: string; line: number }[] = [];
  for (const file of listFiles(dir)) {
    const path = join(dir, file);
    const lines = readFileSync(path, "utf8").split("\n");
    const at = lines.findIndex((line) => line.startsWith("<<<<<<< "));
    if (at !== -1 && lines.some((line) => line.startsWith(">>>>>>> "))) found.push({ path, line: at + 1 });
  }
  return found;
}
