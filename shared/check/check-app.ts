// The programs some checks talk to are not part of the learner's tree: they live with the checks,
// in chapters/NN-slug/tests/apps/<name>.ts, and import the tree under grade as "@lab/src/…".
// An app is written against the framework's API as of its chapter, so a later chapter whose
// API moved on brings its own version under the same name. A check names the app; this finds
// the newest version of it, up to the chapter under check, in that chapter's project.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { chapterChain, findChapter, ROOT } from "../course/chapters.ts";

export function checkApp(name: string): URL {
  const checked = process.env.TRILOGY_CHAPTER;
  const chapter = checked === undefined ? undefined : findChapter(checked);
  if (!chapter) throw new Error("TRILOGY_CHAPTER is not set: run checks with `pnpm check NN`, not vitest directly");
  const chain = chapterChain(chapter);
  for (const c of [...chain].reverse()) {
    const file = join(c.testsDir, "apps", `${name}.ts`);
    if (existsSync(file)) return pathToFileURL(file);
  }
  throw new Error(
    `no chapter up to ${chapter.dir} has tests/apps/${name}.ts (looked in ${chain.map((c) => relative(ROOT, c.testsDir)).join(", ")})`,
  );
}
