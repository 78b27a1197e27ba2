// `pnpm app NN NAME`: runs one of the apps the checks of chapter NN talk to (the files in
// chapters/*/tests/apps/) on your copy of the chapter, on 127.0.0.1:8000, so you can try by
// hand what the checks send. `--solution` runs it on the reference instead. Ctrl-C stops it.
import { existsSync, readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkApp } from "../shared/check/check-app.ts";
import { chapterChain, ROOT } from "../shared/course/chapters.ts";
import { referenceTree } from "../shared/course/trees.ts";
import { chapterArg, main, parse, UsageError } from "./lib/cli.ts";

const USAGE = "pnpm app <chapter> <app> [--solution]   e.g. pnpm app 06 checks";

await main(async () => {
  const { values, positionals } = parse(USAGE, { solution: { type: "boolean" } });
  if (positionals.length !== 2) throw new UsageError(`which chapter and app?\nusage: ${USAGE}`);
  const chapter = chapterArg(positionals[0], USAGE);
  const names = [...new Set(chapterChain(chapter).flatMap((c) => appNames(join(c.testsDir, "apps"))))].sort();
  const name = positionals[1]!;
  if (!names.includes(name)) {
    throw new UsageError(
      `chapter ${chapter.id} has no app "${name}"; ${names.length ? `its checks run: ${names.join(", ")}` : "its checks run the programs of your copy"}`,
    );
  }
  const tree = values.solution ? referenceTree(chapter) : chapter.labDir;
  if (!existsSync(tree))
    throw new UsageError(`you have no copy of chapter ${chapter.id} yet: run \`pnpm lab ${chapter.id}\` first`);
  process.env.TRILOGY_TARGET_DIR = tree;
  process.env.TRILOGY_CHAPTER = chapter.dir;
  process.env.HOST ||= "127.0.0.1";
  process.env.PORT ||= "8000";
  const app = checkApp(name);
  process.stderr.write(
    `running ${relative(ROOT, fileURLToPath(app))} on ${values.solution ? "the reference" : relative(ROOT, tree)}, at http://${process.env.HOST}:${process.env.PORT}/; Ctrl-C stops it\n`,
  );
  await import("../shared/check/lab-alias.ts");
  await import(app.href);
  return new Promise<number>(() => {});
});

function appNames(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .map((f) => basename(f, ".ts"))
    : [];
}
