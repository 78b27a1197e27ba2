// `pnpm lab NN`: open a chapter. Creates the learner's copy from the starter (never over
// their work), then prints the brief: goal, files to edit, how to check.
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createInterface } from "node:readline/promises";
import pc from "picocolors";
import { ROOT, stateDir, type Chapter } from "../shared/course/chapters.ts";
import { UsageError, chapterArg, main, parse } from "./lib/cli.ts";
import { chapterProgress, updateProgress } from "./lib/progress.ts";
import { listFiles, treeSources, writeTree } from "../shared/course/trees.ts";

const USAGE = "pnpm lab <chapter> [--reset [--yes]]   e.g. pnpm lab 01";

await main(async () => {
  const { values, positionals } = parse(USAGE, {
    reset: { type: "boolean" },
    yes: { type: "boolean", short: "y" },
  });
  if (positionals.length > 1) throw new UsageError(`one chapter at a time\nusage: ${USAGE}`);
  const chapter = chapterArg(positionals[0], USAGE);
  const exists = existsSync(chapter.labDir);
  let status: string;

  if (exists && values.reset) {
    if (!values.yes && !(await confirm(`Reset ${rel(chapter.labDir)}? Your current copy is moved to a backup. [y/N] `))) {
      process.stdout.write("Nothing changed.\n");
      return 1;
    }
    const backup = join(stateDir(), "backups", `${chapter.dir}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    mkdirSync(backup, { recursive: true });
    cpSync(chapter.labDir, backup, { recursive: true });
    writeTree(treeSources(chapter, "starter"), chapter.labDir);
    status = `reset from the starter (your previous copy is in ${rel(backup)})`;
  } else if (exists) {
    status = "your copy, kept as it is (start over with --reset)";
  } else {
    writeTree(treeSources(chapter, "starter"), chapter.labDir);
    status = "created from the starter";
  }

  updateProgress((progress) => {
    progress.current = chapter.dir;
    const entry = chapterProgress(progress, chapter.dir);
    if (entry.state === "not-started") entry.state = "in-progress";
    entry.openedAt ??= new Date().toISOString();
  });
  process.stdout.write(brief(chapter, status));
});

function brief(chapter: Chapter, status: string): string {
  const todos = findTodos(chapter);
  const first = chapter.stages[0];
  const lines = [
    pc.bold(`Chapter ${chapter.id} · ${chapter.title}`) + pc.dim(`   ${chapter.project}, about ${chapter.minutes} min`),
    "",
    chapter.goal,
    "",
    `${pc.dim("your copy")}  ${rel(chapter.labDir)}  ${pc.dim(`(${status})`)}`,
    `${pc.dim("the lesson")} ${rel(chapter.readmePath)}  ${pc.dim("(or pnpm run docs)")}`,
    `${pc.dim("edit")}       ${todos.length ? "" : "the files listed in the lesson"}`,
    ...todos.map((t) => `  ${pc.cyan(t.where)}  ${t.text}`),
    `${pc.dim("check")}      pnpm check ${chapter.id}   ${pc.dim(`(${chapter.stages.length} stages; the first is ${first?.id} ${first?.slug})`)}`,
    `${pc.dim("stuck?")}     pnpm hint ${chapter.id}`,
    "",
  ];
  return lines.join("\n");
}

/** Every `TODO(NN)` line in the learner's copy of the chapter's files: the to-do list. */
function findTodos(chapter: Chapter): { where: string; text: string }[] {
  const marker = `TODO(${chapter.id})`;
  const out: { where: string; text: string }[] = [];
  for (const file of listFiles(chapter.labDir)) {
    if (!file.endsWith(".ts")) continue;
    readFileSync(join(chapter.labDir, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        const at = line.indexOf(marker);
        // Only the comments: the matching `throw new Error("TODO(NN): …")` lines repeat them.
        if (at !== -1 && /^\s*\/\//.test(line)) out.push({ where: `${rel(join(chapter.labDir, file))}:${i + 1}`, text: line.slice(at + marker.length + 1).trim() });
      });
  }
  return out;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError("refusing to reset without confirmation: add --yes");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

function rel(path: string): string {
  return relative(ROOT, path) || ".";
}
