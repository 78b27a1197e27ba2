// `pnpm solution NN [--out DIR]`: writes the complete reference of chapter NN — every file,
// assembled from the chapter and the ones before it — to a folder of your choice.
import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ROOT } from "../shared/course/chapters.ts";
import { treeSources, writeTree } from "../shared/course/trees.ts";
import { chapterArg, main, parse, UsageError } from "./lib/cli.ts";
import { readProgress } from "./lib/progress.ts";

const USAGE = "pnpm solution <chapter> [--out DIR] [--force]";

await main(() => {
  const { values, positionals } = parse(USAGE, { out: { type: "string" }, force: { type: "boolean" } });
  if (positionals.length !== 1) throw new UsageError(`which chapter?\nusage: ${USAGE}`);
  const chapter = chapterArg(positionals[0], USAGE);
  const passed = readProgress().chapters[chapter.dir]?.state === "passed";
  if (!passed && !values.force) {
    throw new UsageError(
      `chapter ${chapter.id} has not passed yet (pnpm check ${chapter.id}); to see its reference anyway add --force`,
    );
  }
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? join(ROOT, "reference", chapter.dir));
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new UsageError(`${relative(ROOT, out) || out} is not empty: choose another --out folder`);
  }
  const sources = treeSources(chapter, "reference");
  writeTree(sources, out);
  process.stdout.write(
    `wrote the reference of chapter ${chapter.id} (${sources.size} files) to ${relative(process.cwd(), out) || "."}\n`,
  );
});
