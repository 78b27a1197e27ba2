// "@trilogy/microfast" (and later tinyorm, unamex): the newest reference of a part, importable
// by the course's own tools and by later parts. The assembled tree sits in a content-hashed
// cache folder; .cache/parts/<project> is a link to the current one, which is what the
// tsconfig "paths" entry and tsx resolve. publishPart() refreshes the link.
import { existsSync, mkdirSync, readlinkSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { type Project, ROOT } from "./chapters.ts";
import { newestReference } from "./trees.ts";

/** The module each part exports from its reference tree. */
export const PART_ENTRY: Record<Project, string> = {
  microfast: "src/microfast/index.ts",
  tinyorm: "src/tinyorm/index.ts",
  unamex: "src/unamex/index.ts",
};

export function partLink(project: Project): string {
  return join(ROOT, ".cache", "parts", project);
}

/** Assembles the newest reference of `project` and points its link at it; returns the entry module. */
export function publishPart(project: Project): string {
  const newest = newestReference(project);
  if (!newest) throw new Error(`no ${project} chapter exists yet, so @trilogy/${project} has nothing to point at`);
  const link = partLink(project);
  if (!existsSync(link) || readlinkSync(link) !== newest.dir) {
    mkdirSync(join(link, ".."), { recursive: true });
    // A new link beside, renamed over the old one: readers never find the link missing.
    const fresh = `${link}.${process.pid}`;
    symlinkSync(newest.dir, fresh, "junction");
    renameSync(fresh, link);
  }
  return join(newest.dir, PART_ENTRY[project]);
}
