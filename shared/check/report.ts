// The learner-facing report of a grading run: stage list, then the first failure in detail.
import { relative } from "node:path";
import pc from "picocolors";
import { type Chapter, findChapter, loadChapters, ROOT } from "../course/chapters.ts";
import { type GradeResult, SKIPPED_PREFIX, type StageOutcome, type TestOutcome } from "./result.ts";

const LABEL_WIDTH = 10;

export function formatReport(result: GradeResult, chapter: Chapter): string {
  const lines: string[] = [];
  lines.push(pc.bold(`Chapter ${chapter.id} · ${chapter.title}`));
  lines.push(pc.dim(`grading ${relative(ROOT, result.target) || "."}`));
  const width = Math.max(...result.stages.map((s) => `${s.id} ${s.slug}`.length));
  let currentChapter = "";
  for (const stage of result.stages) {
    if (stage.chapter !== currentChapter) {
      currentChapter = stage.chapter;
      const heading = stage.chapter === chapter.dir ? "this chapter" : `regressions from chapter ${stage.chapter}`;
      lines.push("", pc.dim(`  ${heading}`));
    }
    const name = `${stage.id} ${stage.slug}`.padEnd(width);
    lines.push(`  ${mark(stage)} ${name}  ${stage.state === "skipped" ? pc.dim(stage.title) : stage.title}`);
  }
  // Stages skipped because a service is missing: say once what to install.
  for (const reason of skipReasons(result)) lines.push("", pc.yellow(`skipped: ${reason}`));
  for (const error of result.fileErrors) {
    lines.push("", pc.red(`A check file could not run: ${relative(ROOT, error.file)}`), indent(error.message));
  }
  for (const error of result.unhandledErrors) {
    lines.push("", pc.red("An error escaped the checks:"), indent(error));
  }
  const first = firstFailure(result);
  if (first) lines.push("", ...formatFailure(first.stage, first.test, chapter));
  if (result.quickRegressions) {
    lines.push(
      "",
      pc.dim(
        `Earlier chapters' stages ran as quick regressions (fewer clients, shorter fuzz, smaller streams); pnpm check ${chapter.id} --full runs them at full size.`,
      ),
    );
  }
  lines.push("", summaryLine(result));
  return lines.join("\n") + "\n";
}

export function summaryLine(result: GradeResult): string {
  const skipped = result.stages.filter((s) => s.state === "skipped").length;
  return `${result.passed} passed, ${result.failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

/** The distinct reasons stages were skipped for, in stage order. */
export function skipReasons(result: GradeResult): string[] {
  const names = result.stages
    .filter((s) => s.state === "skipped")
    .flatMap((s) => s.tests.map((t) => t.name).filter((n) => n.startsWith(SKIPPED_PREFIX)));
  return [...new Set(names.map((n) => n.slice(SKIPPED_PREFIX.length)))];
}

export function firstFailure(result: GradeResult): { stage: StageOutcome; test: TestOutcome | undefined } | undefined {
  // The stage list is in course order, so the first failing stage is the one to fix first.
  const stage = result.stages.find((s) => s.state === "failed" || s.state === "no-tests");
  if (!stage) return undefined;
  return { stage, test: stage.tests.find((t) => t.state === "failed") };
}

function formatFailure(stage: StageOutcome, test: TestOutcome | undefined, graded: Chapter): string[] {
  const owner = findChapter(stage.chapter) ?? graded;
  const meta = owner.stages.find((s) => s.id === stage.id);
  const out = [pc.red(pc.bold(`[check ${stage.id} ${stage.slug}]`)) + (test ? ` ${test.name}` : "")];
  const f = test?.failure;
  if (!test || !f) {
    out.push(row("problem", "this stage has no checks; the course itself is broken (please report it)"));
    return out;
  }
  out.push(row("problem", describe(f.class, f.message)));
  if (f.sent) out.push(row("sent", f.sent));
  if (f.expected) out.push(row("expected", f.expected));
  if (f.received) out.push(row("received", f.received));
  const hint = f.hint ?? meta?.hints[0];
  if (hint) out.push(row("hint", hint));
  if (meta) out.push(row("read", `${relative(ROOT, owner.readmePath)}${meta.readme}`));
  out.push(
    row(
      "next",
      `pnpm hint ${owner.id} for more hints · pnpm check ${graded.id} --only ${stage.id} to rerun this stage`,
    ),
  );
  return out;
}

function describe(kind: string, message: string): string {
  switch (kind) {
    case "todo":
      return `your code still hits a starter stub: ${message}`;
    case "crash":
      return `your code threw an exception: ${message}`;
    case "runner-timeout":
      return `the check did not finish in time (${message}); something never resolved`;
    default:
      return message;
  }
}

function mark(stage: StageOutcome): string {
  if (stage.state === "passed") return pc.green("✓");
  if (stage.state === "skipped") return pc.dim("·");
  return pc.red("✗");
}

function row(label: string, value: string): string {
  const [first, ...rest] = value.split("\n");
  return [`  ${pc.dim(label.padEnd(LABEL_WIDTH))}${first}`, ...rest.map((l) => " ".repeat(LABEL_WIDTH + 2) + l)].join(
    "\n",
  );
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

export function chapterListLine(): string {
  return `valid chapters: ${loadChapters()
    .map((c) => `${c.id} ${c.slug}`)
    .join(", ")}`;
}
