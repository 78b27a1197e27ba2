// What the site is made of: the course's top README, its docs/*.md, the benchmark page's
// docs/bench/ and every chapter with its chapter.json and README, found under a course root.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type ChapterMeta, loadChapters, ROOT } from "../../shared/course/chapters.ts";
import { BENCH_README, BENCH_RESULTS } from "./bench-page.ts";

/** What the site needs of a chapter: its metadata, its folder name and its lesson. */
export type SiteChapter = ChapterMeta & { dir: string; readmePath: string };

export interface CourseSources {
  root: string;
  /** The top README.md, when there is one. */
  readme: string | undefined;
  /** docs/*.md, in file-name order. */
  docs: string[];
  /** docs/bench/README.md and, when it is committed, the results page it shows (docs/bench/microfast.md). */
  bench: { readme: string; results: string | undefined } | undefined;
  chapters: SiteChapter[];
}

const CHAPTER_DIR = /^\d\d-[a-z0-9-]+$/;

export function readCourse(root: string = ROOT): CourseSources {
  const readme = join(root, "README.md");
  const docsDir = join(root, "docs");
  return {
    root,
    readme: existsSync(readme) ? readme : undefined,
    docs: existsSync(docsDir)
      ? readdirSync(docsDir)
          .filter((f) => f.endsWith(".md"))
          .sort()
          .map((f) => join(docsDir, f))
      : [],
    bench: existsSync(join(root, BENCH_README))
      ? {
          readme: join(root, BENCH_README),
          results: existsSync(join(root, BENCH_RESULTS)) ? join(root, BENCH_RESULTS) : undefined,
        }
      : undefined,
    chapters: resolve(root) === ROOT ? loadChapters() : readOtherChapters(root),
  };
}

/**
 * The course loader in lib/course.ts reads this repository and validates every chapter.json.
 * A course folder elsewhere (the builder's test fixtures) is read here as it is, in the same
 * order; its chapter.json files are written to the same format.
 */
function readOtherChapters(root: string): SiteChapter[] {
  const chaptersDir = join(root, "chapters");
  if (!existsSync(chaptersDir)) return [];
  return readdirSync(chaptersDir)
    .filter((d) => CHAPTER_DIR.test(d))
    .sort()
    .map((dir) => {
      const meta = JSON.parse(readFileSync(join(chaptersDir, dir, "chapter.json"), "utf8")) as ChapterMeta;
      return { ...meta, dir, readmePath: join(chaptersDir, dir, "README.md") };
    });
}
