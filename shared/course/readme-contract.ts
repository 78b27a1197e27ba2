// What the integrity suite and `pnpm sync-readmes` know about a chapter README.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Chapter } from "./chapters.ts";
import { listFiles, referenceTree } from "./trees.ts";

/** The lesson's `##` sections, in order (COURSE-DESIGN §3). */
export const REQUIRED_SECTIONS = [
  "Goal",
  "Why it matters",
  "Concepts",
  "The spec you will implement",
  "Steps",
  "Stages",
  "Hints",
  "Experiments to try",
  "Going further",
  "References",
];

export const STAGES_BEGIN = "<!-- stages:begin (generated from chapter.json by `pnpm sync-readmes`) -->";
export const STAGES_END = "<!-- stages:end -->";

/** The README's stage table, generated from chapter.json so the two never drift. */
export function stagesBlock(chapter: Chapter): string {
  const rows = chapter.stages.map((s) => `| \`${s.id} ${s.slug}\` | ${s.title} |`);
  return [STAGES_BEGIN, "| stage | what it checks |", "| --- | --- |", ...rows, STAGES_END].join("\n");
}

export const FILES_BEGIN = "<!-- files:begin (generated from the overlays by `pnpm sync-readmes`) -->";
export const FILES_END = "<!-- files:end -->";
const FILES_HEADING = "### Files this chapter touches";

/** The README's list of files the chapter adds, changes or removes, read from its overlays. */
export function filesBlock(chapter: Chapter): string {
  const previous = chapter.base && referenceTree(chapter.base);
  const rows = listFiles(chapter.solutionOverlayDir).map((file) => {
    const change = previous && existsSync(join(previous, file)) ? "changed" : "new";
    const who = chapter.files.includes(file) ? "you write it (`TODO(" + chapter.id + ")`)" : "given whole";
    return `| \`${file}\` | ${change} · ${who} |`;
  });
  for (const removed of chapter.removes) rows.push(`| \`${removed}\` | removed |`);
  return [FILES_BEGIN, "| file | in this chapter |", "| --- | --- |", ...rows, FILES_END].join("\n");
}

/** Replaces (or, the first time, inserts before `## Stages`) the file table. */
export function withFilesBlock(readme: string, chapter: Chapter): string | undefined {
  const begin = readme.indexOf(FILES_BEGIN);
  const end = readme.indexOf(FILES_END);
  if (begin !== -1 && end > begin)
    return readme.slice(0, begin) + filesBlock(chapter) + readme.slice(end + FILES_END.length);
  const stages = readme.indexOf("\n## Stages\n");
  if (stages === -1) return undefined;
  return `${readme.slice(0, stages)}\n${FILES_HEADING}\n\n${filesBlock(chapter)}\n${readme.slice(stages)}`;
}

/** Replaces the block between the markers; returns undefined when the markers are missing. */
export function withStagesBlock(readme: string, chapter: Chapter): string | undefined {
  const begin = readme.indexOf(STAGES_BEGIN);
  const end = readme.indexOf(STAGES_END);
  if (begin === -1 || end === -1 || end < begin) return undefined;
  return readme.slice(0, begin) + stagesBlock(chapter) + readme.slice(end + STAGES_END.length);
}

export function h2Sections(markdown: string): string[] {
  return withoutCode(markdown)
    .split("\n")
    .filter((line) => line.startsWith("## "))
    .map((line) => line.slice(3).trim());
}

/** GitHub's heading anchors: lower-case, punctuation dropped, spaces to hyphens. */
export function slugify(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of withoutCode(markdown).split("\n")) {
    const match = /^#{1,6}\s+(.*)$/.exec(line);
    if (match?.[1]) anchors.add(slugify(match[1].replace(/`/g, "")));
  }
  return anchors;
}

/** Relative link targets with their line numbers (absolute URLs and pure anchors excluded). */
export function relativeLinks(markdown: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  withoutCode(markdown)
    .split("\n")
    .forEach((text, i) => {
      for (const match of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/i.test(target) || target.startsWith("#")) continue;
        out.push({ target, line: i + 1 });
      }
    });
  return out;
}

/** Blanks fenced code blocks (keeping line numbers) so their contents are not read as markdown. */
function withoutCode(markdown: string): string {
  let fenced = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        fenced = !fenced;
        return "";
      }
      return fenced ? "" : line;
    })
    .join("\n");
}
