// `pnpm repeat 03.8 01.6 --times 20`: runs chosen stages again and again, each run with a fresh
// seed, and reports every run that failed — a check that fails now and then on a correct server
// (a flake) shows up here before a learner meets it. Each stage is graded as its own chapter's
// check grades it (full size); `--as NN` grades it as chapter NN's check would, as a regression.
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import pc from "picocolors";
import { grade, type Target } from "../shared/check/grade.ts";
import { reproduceLine } from "../shared/check/random.ts";
import type { GradeResult } from "../shared/check/result.ts";
import { type Chapter, findChapter, gradedChapters, type Stage } from "../shared/course/chapters.ts";
import { chapterArg, main, parse, UsageError } from "./lib/cli.ts";

const USAGE =
  "pnpm repeat <stage>… [--times N] [--solution | --starter] [--as <chapter>] [--full]   e.g. pnpm repeat 03.8 --times 20 --solution";
const DEFAULT_TIMES = 10;
const MAX_TIMES = 1_000;

interface Run {
  index: number;
  seed: number;
  state: "passed" | "failed" | "skipped";
  ms: number;
  /** The first failure, in one line: the test and what went wrong. */
  failure?: string;
}

await main(async () => {
  const { values, positionals } = parse(USAGE, {
    times: { type: "string", short: "n" },
    solution: { type: "boolean" },
    starter: { type: "boolean" },
    as: { type: "string" },
    full: { type: "boolean" },
  });
  if (positionals.length === 0) throw new UsageError(`which stages? e.g. 03.8\nusage: ${USAGE}`);
  if (values.solution && values.starter)
    throw new UsageError(`--solution and --starter exclude each other\nusage: ${USAGE}`);
  const times = values.times === undefined ? DEFAULT_TIMES : Number(values.times);
  if (!Number.isInteger(times) || times < 1 || times > MAX_TIMES)
    throw new UsageError(`--times takes a whole number from 1 to ${MAX_TIMES}\nusage: ${USAGE}`);
  const target: Target = values.solution ? "solution" : values.starter ? "starter" : "lab";
  const as = values.as === undefined ? undefined : chapterArg(values.as, USAGE);
  const plan = positionals.map((id) => planStage(id, as, target));

  const runs = new Map<string, Run[]>(plan.map((p) => [p.stage.id, []]));
  const how = `${target === "lab" ? "your copy" : `the ${target}`}${values.full ? ", full size" : ""}`;
  process.stdout.write(
    pc.dim(
      `repeating ${plan.map((p) => p.stage.id).join(", ")} ${times} times each, on ${how}, a fresh seed every run\n`,
    ),
  );
  // Round after round rather than stage after stage: a stage's runs then spread over the whole
  // session, through whatever else the machine was doing.
  for (let i = 1; i <= times; i++) {
    const marks: string[] = [];
    for (const { stage, chapter } of plan) {
      const seed = randomInt(1, 2 ** 31);
      const started = Date.now();
      const result = await grade(chapter, { target, only: stage.id, seed, ...(values.full ? { full: true } : {}) });
      const run = outcome(result, stage, i, seed, Date.now() - started);
      runs.get(stage.id)!.push(run);
      marks.push(
        `${stage.id} ${run.state === "passed" ? pc.green("✓") : run.state === "skipped" ? pc.dim("·") : pc.red("✗")}`,
      );
    }
    process.stdout.write(`run ${String(i).padStart(String(times).length)}/${times}  ${marks.join("  ")}\n`);
  }

  process.stdout.write("\n");
  let flaky = 0;
  for (const { stage, chapter } of plan) {
    const list = runs.get(stage.id)!;
    const failed = list.filter((r) => r.state === "failed");
    const passed = list.filter((r) => r.state === "passed").length;
    const skipped = list.length - passed - failed.length;
    const ms = list.map((r) => r.ms).sort((a, b) => a - b);
    const wall = `wall ${seconds(ms[Math.floor((ms.length - 1) / 2)]!)} median, ${seconds(ms[0]!)}–${seconds(ms.at(-1)!)}`;
    const counts = `${passed}/${list.length} passed${failed.length ? `, ${failed.length} failed` : ""}${skipped ? `, ${skipped} skipped` : ""}`;
    process.stdout.write(
      `${failed.length ? pc.red("✗") : pc.green("✓")} ${`${stage.id} ${stage.slug}`.padEnd(28)} ${counts.padEnd(24)} ${pc.dim(wall)}\n`,
    );
    for (const run of failed) {
      process.stdout.write(`    run ${run.index}, seed ${run.seed}: ${run.failure}\n`);
      process.stdout.write(pc.dim(`    ${replay(run.seed, chapter, stage, target, values.full === true)}\n`));
    }
    if (failed.length) flaky++;
  }
  return flaky === 0 ? 0 : 1;
});

function planStage(id: string, as: Chapter | undefined, target: Target): { stage: Stage; chapter: Chapter } {
  const owner = /^\d\d\.\d+$/.test(id) ? findChapter(id.slice(0, 2)) : undefined;
  const stage = owner?.stages.find((s) => s.id === id);
  if (!owner || !stage)
    throw new UsageError(
      `unknown stage "${id}": stages are named like 03.8 (see pnpm check's report)\nusage: ${USAGE}`,
    );
  const chapter = as ?? owner;
  if (!gradedChapters(chapter).some((c) => c.dir === owner.dir))
    throw new UsageError(`chapter ${chapter.id}'s check does not run stage ${id}`);
  if (target === "lab" && !existsSync(chapter.labDir)) {
    throw new UsageError(
      `you have no copy of chapter ${chapter.id} yet: run \`pnpm lab ${chapter.id}\` first, or repeat on --solution`,
    );
  }
  return { stage, chapter };
}

function outcome(result: GradeResult, stage: Stage, index: number, seed: number, ms: number): Run {
  const problem = [...result.fileErrors.map((e) => e.message), ...result.unhandledErrors][0];
  const own = result.stages.find((s) => s.id === stage.id);
  if (own?.state === "passed" && !problem) return { index, seed, state: "passed", ms };
  if (own?.state === "skipped" && !problem) return { index, seed, state: "skipped", ms };
  const test = own?.tests.find((t) => t.state === "failed");
  const failure = test?.failure
    ? `"${test.name}": ${firstLine(test.failure.message)}`
    : problem
      ? firstLine(problem)
      : `the stage ${own?.state === "no-tests" ? "has no checks" : "did not pass"}`;
  return { index, seed, state: "failed", ms, failure };
}

function replay(seed: number, chapter: Chapter, stage: Stage, target: Target, full: boolean): string {
  const env = { TRILOGY_CHAPTER: chapter.dir, TRILOGY_FULL: full ? "1" : "0" };
  const flag = target === "lab" ? "" : ` --${target}`;
  return reproduceLine(seed, chapter.id, stage.id, env).replace(/^seed \d+; /, "") + flag;
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.slice(0, 300);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
