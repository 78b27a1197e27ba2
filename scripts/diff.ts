// `pnpm diff NN`: the learner's copy against the reference solution, as a coloured unified
// diff. Before the chapter passes it asks for --force: seeing the answer early spoils it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import pc from "picocolors";
import { listFiles, referenceTree } from "../shared/course/trees.ts";
import { chapterArg, main, parse, UsageError } from "./lib/cli.ts";
import { readProgress } from "./lib/progress.ts";

const USAGE = "pnpm diff [chapter] [--force]";

await main(() => {
  const { values, positionals } = parse(USAGE, { force: { type: "boolean" } });
  const chapter = chapterArg(positionals[0], USAGE, true);
  if (!existsSync(chapter.labDir))
    throw new UsageError(`you have no copy of chapter ${chapter.id} yet: run \`pnpm lab ${chapter.id}\``);
  const passed = readProgress().chapters[chapter.dir]?.state === "passed";
  if (!passed && !values.force) {
    throw new UsageError(
      `chapter ${chapter.id} has not passed yet (pnpm check ${chapter.id}); to see the reference anyway: pnpm diff ${chapter.id} --force`,
    );
  }
  const reference = referenceTree(chapter);
  const files = [...new Set([...listFiles(chapter.labDir), ...listFiles(reference)])].sort();
  let changed = 0;
  for (const file of files) {
    const mine = read(join(chapter.labDir, file));
    const theirs = read(join(reference, file));
    if (mine === theirs) continue;
    changed++;
    const patch = createTwoFilesPatch(`yours/${file}`, `reference/${file}`, mine, theirs, "", "", { context: 3 });
    process.stdout.write(colour(patch) + "\n");
  }
  process.stdout.write(
    changed
      ? pc.dim(`${changed} file(s) differ from the reference; "-" lines are yours, "+" lines the reference's.\n`)
      : "Your copy is identical to the reference.\n",
  );
});

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function colour(patch: string): string {
  return patch
    .split("\n")
    .filter((line) => !line.startsWith("Index:") && !/^=+$/.test(line))
    .map((line) =>
      line.startsWith("+++") || line.startsWith("---")
        ? pc.bold(line)
        : line.startsWith("+")
          ? pc.green(line)
          : line.startsWith("-")
            ? pc.red(line)
            : line.startsWith("@@")
              ? pc.cyan(line)
              : line,
    )
    .join("\n");
}
