// `pnpm lab NN`: open a chapter. Creates the learner's copy (never over their work) from their
// own copy of the previous chapter when there is one — a three-way merge with the new starter,
// see shared/course/carry-forward.ts — or else from the starter; then prints the brief: goal,
// what happened to their code, files to edit, how to check.
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createInterface } from "node:readline/promises";
import pc from "picocolors";
import {
  CarryForwardError,
  type CarryOutcome,
  type CarryResult,
  carryForward,
} from "../shared/course/carry-forward.ts";
import { type Chapter, ROOT, stateDir } from "../shared/course/chapters.ts";
import { listFiles, referenceTree, starterTree, treeSources, writeTree } from "../shared/course/trees.ts";
import { SERVICE_TITLES } from "../shared/services/install-hints.ts";
import { type Readiness, readiness } from "../shared/services/readiness.ts";
import { chapterArg, main, parse, UsageError } from "./lib/cli.ts";
import { chapterProgress, readProgress, updateProgress } from "./lib/progress.ts";

const USAGE = "pnpm lab <chapter> [--from reference|mine] [--reset [--yes]]   e.g. pnpm lab 02";

/** Where a new copy comes from: the learner's previous copy ("mine") or the assembled starter ("reference"). */
type From = "reference" | "mine";

/** How the copy will be built, decided before anything is written. */
type Plan =
  | { kind: "first" } // the first chapter of a project: its starter holds no earlier solution
  | { kind: "starter"; previous: Chapter }
  | { kind: "mine"; previous: Chapter };

/** The brief's account of the copy: one status, then lines about the learner's files. */
interface Opened {
  status: string;
  notes: string[];
}

await main(async () => {
  const { values, positionals } = parse(USAGE, {
    from: { type: "string" },
    reset: { type: "boolean" },
    yes: { type: "boolean", short: "y" },
  });
  if (positionals.length > 1) throw new UsageError(`one chapter at a time\nusage: ${USAGE}`);
  const from = fromArg(values.from);
  const chapter = chapterArg(positionals[0], USAGE);
  const exists = existsSync(chapter.labDir);
  let opened: Opened;

  if (exists && !values.reset) {
    if (from)
      throw new UsageError(
        `${rel(chapter.labDir)} exists and is never overwritten; to build it again --from ${from}, add --reset`,
      );
    opened = { status: "your copy, kept as it is (start over with --reset)", notes: [] };
  } else {
    if (
      exists &&
      !values.yes &&
      !(await confirm(
        `Reset ${rel(chapter.labDir)}? Your current copy is moved to a backup. [y/N] `,
        "refusing to reset without confirmation: add --yes",
      ))
    ) {
      process.stdout.write("Nothing changed.\n");
      return 1;
    }
    const plan = await planCopy(chapter, from);
    if (!plan) {
      process.stdout.write("Nothing changed.\n");
      return 1;
    }
    const backup = exists ? backUp(chapter) : undefined;
    try {
      opened = build(chapter, plan);
    } catch (error) {
      if (!(error instanceof CarryForwardError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (backup) opened.status = `rebuilt: ${opened.status}; your previous copy is in ${rel(backup)}`;
  }

  updateProgress((progress) => {
    progress.current = chapter.dir;
    const entry = chapterProgress(progress, chapter.dir);
    if (entry.state === "not-started") entry.state = "in-progress";
    entry.openedAt ??= new Date().toISOString();
  });
  const services = await Promise.all(chapter.services.map((service) => readiness(service)));
  process.stdout.write(brief(chapter, opened, services));
});

function fromArg(value: string | undefined): From | undefined {
  if (value === undefined || value === "reference" || value === "mine") return value;
  throw new UsageError(`--from takes "reference" or "mine", not "${value}"; usage: ${USAGE}`);
}

/**
 * By default the learner's own copy of the previous chapter carries forward. Without one, the
 * starter is the only way on, and it holds the previous chapter's reference solution: that is
 * fine once the chapter has passed, and needs a yes (or --from reference) before.
 */
async function planCopy(chapter: Chapter, from: From | undefined): Promise<Plan | undefined> {
  const previous = chapter.base;
  if (!previous) {
    if (from === "mine")
      throw new UsageError(
        `chapter ${chapter.id} is the first of ${chapter.project}: there is no earlier copy to carry forward (leave out --from mine)`,
      );
    return { kind: "first" };
  }
  const hasCopy = existsSync(previous.labDir);
  if (from === "mine" && !hasCopy) {
    throw new UsageError(
      `--from mine: there is no ${rel(previous.labDir)} to carry forward; open it with \`pnpm lab ${previous.id}\`, or use --from reference`,
    );
  }
  if (from === "mine" || (from === undefined && hasCopy)) return { kind: "mine", previous };
  if (from === "reference" || readProgress().chapters[previous.dir]?.state === "passed")
    return { kind: "starter", previous };
  const reveal = `the starter of chapter ${chapter.id} contains chapter ${previous.id}'s reference solution, and you have not passed chapter ${previous.id} (there is no ${rel(previous.labDir)} to carry forward)`;
  const yes = await confirm(
    `${capitalise(reveal)}. Open chapter ${chapter.id} with that solution anyway? [y/N] `,
    `${reveal}: add --from reference to take it anyway, or open chapter ${previous.id} first`,
  );
  return yes ? { kind: "starter", previous } : undefined;
}

function build(chapter: Chapter, plan: Plan): Opened {
  if (plan.kind !== "mine") {
    writeTree(treeSources(chapter, "starter"), chapter.labDir);
    if (plan.kind === "first") return { status: "created from the starter", notes: [] };
    const why = existsSync(plan.previous.labDir)
      ? `not your ${rel(plan.previous.labDir)}`
      : `you have no ${rel(plan.previous.labDir)} to carry forward`;
    return {
      status: "created from the starter",
      notes: [line("note", `this starter contains chapter ${plan.previous.id}'s reference solution (${why})`)],
    };
  }
  const { previous } = plan;
  const labels = {
    yours: `yours (${rel(previous.labDir)})`,
    base: `reference ${previous.id}`,
    starter: `starter ${chapter.id}`,
  };
  const result = carryForward(
    { base: referenceTree(previous), yours: previous.labDir, starter: starterTree(chapter) },
    chapter.labDir,
    labels,
  );
  const notes = carryNotes(chapter, result, labels);
  if (readProgress().chapters[previous.dir]?.state !== "passed") {
    notes.push(
      line("note", `chapter ${previous.id} has not passed yet: \`pnpm check ${previous.id}\` says what is left`),
    );
  }
  return { status: `built from your ${rel(previous.labDir)} and starter ${chapter.id}`, notes };
}

/** What became of the learner's files, and what they must do about conflicts and retired files. */
function carryNotes(chapter: Chapter, result: CarryResult, labels: { yours: string; starter: string }): string[] {
  const of = (outcome: CarryOutcome) => result.files.filter((f) => f.outcome === outcome).map((f) => f.path);
  const count = (n: number, what: string) => (n === 0 ? [] : [`${n} ${n === 1 ? "file" : "files"} ${what}`]);
  const kept = [
    ...count(of("yours").length + of("retired").length, "kept as you wrote them"),
    ...count(of("merged").length, `merged with ${labels.starter}`),
    ...count(of("added").length, "you added, kept"),
  ];
  const notes = [
    line(
      "carried",
      kept.length ? kept.join(", ") : "nothing yet: you had not changed any file of the previous chapter",
    ),
  ];
  const listed = (paths: string[]) => paths.map((p) => `  ${pc.cyan(rel(join(chapter.labDir, p)))}`);

  const conflicts = of("conflict");
  if (conflicts.length) {
    notes.push(
      line(
        "conflicts",
        pc.yellow(
          `${conflicts.length} ${conflicts.length === 1 ? "file where" : "files where"} you and ${labels.starter} changed the same lines:`,
        ),
      ),
      ...listed(conflicts),
      `  In each, choose between your lines (from <<<<<<< ${labels.yours} to =======) and the starter's`,
      `  (from ======= to >>>>>>> ${labels.starter}), delete the three marker lines, then run pnpm check ${chapter.id}.`,
    );
  }
  const retired = of("retired");
  if (retired.length) {
    notes.push(
      line(
        "yours",
        `kept because you changed them, but no longer part of chapter ${chapter.id}'s tree (delete them when you no longer need them):`,
      ),
      ...listed(retired),
    );
  }
  const restored = of("restored");
  if (restored.length)
    notes.push(line("restored", `you had deleted these, and ${labels.starter} changes them:`), ...listed(restored));
  return notes;
}

function backUp(chapter: Chapter): string {
  const backup = join(stateDir(), "backups", `${chapter.dir}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(backup, { recursive: true });
  cpSync(chapter.labDir, backup, { recursive: true });
  return backup;
}

function brief(chapter: Chapter, opened: Opened, services: Readiness[]): string {
  const todos = findTodos(chapter);
  const first = chapter.stages[0];
  const lines = [
    pc.bold(`Chapter ${chapter.id} · ${chapter.title}`) + pc.dim(`   ${chapter.project}, about ${chapter.minutes} min`),
    "",
    chapter.goal,
    "",
    `${pc.dim("your copy")}  ${rel(chapter.labDir)}  ${pc.dim(`(${opened.status})`)}`,
    ...opened.notes,
    `${pc.dim("the lesson")} ${rel(chapter.readmePath)}  ${pc.dim("(or pnpm run docs)")}`,
    `${pc.dim("edit")}       ${todos.length ? "" : "the files listed in the lesson"}`,
    ...todos.map((t) => `  ${pc.cyan(t.where)}  ${t.text}`),
    `${pc.dim("check")}      pnpm check ${chapter.id}   ${pc.dim(`(${chapter.stages.length} stages; the first is ${first?.id} ${first?.slug})`)}`,
    `${pc.dim("stuck?")}     pnpm hint ${chapter.id}`,
    ...services.map((s) => `${pc.dim("services")}   ${serviceLine(s)}`),
    "",
  ];
  return lines.join("\n");
}

/** Where the checks will get a service from, or how to get one before the first check. */
function serviceLine(readiness: Readiness): string {
  const title = SERVICE_TITLES[readiness.service];
  if (readiness.ready) return `${title}: ${readiness.how}`;
  return pc.yellow(`${title} is needed, and none can be started here: ${readiness.howToGet}`);
}

/** One line of the brief: a dim label in the brief's left column, then the text. */
function line(label: string, text: string): string {
  return `${pc.dim(label.padEnd(10))} ${text}`;
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
        if (at !== -1 && /^\s*\/\//.test(line))
          out.push({
            where: `${rel(join(chapter.labDir, file))}:${i + 1}`,
            text: line.slice(at + marker.length + 1).trim(),
          });
      });
  }
  return out;
}

/** Asks a yes/no question on a terminal; without one, `refusal` is the one-line usage error. */
async function confirm(question: string, refusal: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError(refusal);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function rel(path: string): string {
  return relative(ROOT, path) || ".";
}
