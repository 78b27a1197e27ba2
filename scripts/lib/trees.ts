// The course keeps one copy of each thing. A starter is stored as an overlay: only the files
// that differ from the previous chapter's solution. Whole trees are assembled on demand.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { stateDir, type Chapter } from "./course.ts";

/** Files and folders that never belong to a tree (editor and tool droppings). */
const IGNORED = new Set(["node_modules", ".DS_Store"]);

/** Every file of a tree, as sorted relative paths with "/" separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      if (IGNORED.has(name)) continue;
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split("\\").join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** The starter as the learner sees it: the base chapter's solution with this chapter's overlay on top. */
export function assembleStarter(chapter: Chapter, into: string): void {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  if (chapter.base) cpSync(chapter.base.solutionDir, into, { recursive: true, filter: keep });
  cpSync(chapter.starterOverlayDir, into, { recursive: true, filter: keep });
}

/** A fresh, whole starter tree under the state folder, for grading and type-checking. */
export function materializeStarter(chapter: Chapter): string {
  const dir = join(stateDir(), "starters", chapter.dir);
  assembleStarter(chapter, dir);
  return dir;
}

function keep(source: string): boolean {
  return !IGNORED.has(source.split(/[\\/]/).pop() ?? "");
}
