// The chapter contract, checked for every chapter: README sections, stage and file tables,
// links, and the overlay rules that keep one source for every line.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { isRemovedBy, loadChapters, ROOT } from "../../shared/course/chapters.ts";
import {
  filesBlock,
  h2Sections,
  headingAnchors,
  REQUIRED_SECTIONS,
  relativeLinks,
  stagesBlock,
} from "../../shared/course/readme-contract.ts";
import { listFiles, referenceTree, starterTree } from "../../shared/course/trees.ts";

const chapters = loadChapters();
const read = (path: string) => readFileSync(path, "utf8");

test("there is at least one chapter, and every chapter.json is valid", () => {
  expect(chapters.length).toBeGreaterThan(0);
});

describe.each(chapters.map((c) => [c.dir, c] as const))("%s", (_dir, chapter) => {
  const readme = existsSync(chapter.readmePath) ? read(chapter.readmePath) : "";

  test("has a README, a starter overlay, checks and a solution", () => {
    const missing = [
      chapter.readmePath,
      chapter.starterOverlayDir,
      chapter.testsDir,
      chapter.solutionOverlayDir,
    ].filter((p) => !existsSync(p));
    expect(missing.map((p) => relative(ROOT, p))).toEqual([]);
    expect(readdirSync(chapter.testsDir).filter((f) => f.endsWith(".test.ts")).length).toBeGreaterThan(0);
  });

  test("the README has the contract's sections, in order", () => {
    expect(h2Sections(readme).filter((s) => REQUIRED_SECTIONS.includes(s))).toEqual(REQUIRED_SECTIONS);
  });

  test("the README's stage table matches chapter.json (pnpm sync-readmes)", () => {
    expect(readme).toContain(stagesBlock(chapter));
  });

  test("every stage's README anchor exists", () => {
    const anchors = headingAnchors(readme);
    expect(chapter.stages.filter((s) => !anchors.has(s.readme.slice(1))).map((s) => `${s.id} → ${s.readme}`)).toEqual(
      [],
    );
  });

  test("every file the learner edits holds a TODO stub in the starter", () => {
    const marker = `TODO(${chapter.id})`;
    const bad = chapter.files.filter((f) => {
      const path = join(chapter.starterOverlayDir, f);
      return !existsSync(path) || !read(path).includes(marker);
    });
    expect(bad, `files listed in chapter.json without ${marker} in starter/`).toEqual([]);
  });

  test("the starter holds only TODO stubs: every other file is given whole from the reference", () => {
    const marker = `TODO(${chapter.id})`;
    const bad = listFiles(chapter.starterOverlayDir).filter(
      (f) => !read(join(chapter.starterOverlayDir, f)).includes(marker),
    );
    expect(bad, `starter files with no ${marker}: delete them (starter N = reference N + its stubs)`).toEqual([]);
  });

  test("solutions/ holds only what the chapter adds or changes: no file equals the previous reference's", () => {
    const previous = chapter.base && referenceTree(chapter.base);
    const copies = listFiles(chapter.solutionOverlayDir).filter(
      (f) =>
        previous &&
        existsSync(join(previous, f)) &&
        read(join(previous, f)) === read(join(chapter.solutionOverlayDir, f)),
    );
    expect(
      copies,
      `files of solutions/${chapter.dir} identical to the reference of ${chapter.base?.dir}: delete them`,
    ).toEqual([]);
  });

  test("every file the chapter removes exists in the previous reference, and the starter removes it too", () => {
    const previous = chapter.base ? listFiles(referenceTree(chapter.base)) : [];
    expect(chapter.removes.filter((r) => !previous.some((f) => isRemovedBy([r], f)))).toEqual([]);
    const starter = listFiles(starterTree(chapter));
    expect(
      starter.filter((f) => isRemovedBy(chapter.removes, f) && !existsSync(join(chapter.starterOverlayDir, f))),
    ).toEqual([]);
  });

  test("the README's file table matches the overlays (pnpm sync-readmes)", () => {
    expect(readme).toContain(filesBlock(chapter));
  });

  if (chapter.project === "microfast") {
    test("microfast code never imports node:http", () => {
      const offenders = [chapter.solutionOverlayDir, chapter.starterOverlayDir].flatMap((dir) =>
        listFiles(dir)
          .filter((f) => /from\s+["'](node:)?https?["']/.test(read(join(dir, f))))
          .map((f) => relative(ROOT, join(dir, f))),
      );
      expect(offenders).toEqual([]);
    });
  }
});

test("relative links in the course's markdown resolve", () => {
  const pages = [
    join(ROOT, "README.md"),
    ...listFiles(join(ROOT, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => join(ROOT, "docs", f)),
    ...chapters.map((c) => c.readmePath),
  ].filter(existsSync);
  const broken: string[] = [];
  for (const page of pages) {
    for (const link of relativeLinks(read(page))) {
      const [file = "", anchor] = link.target.split("#");
      const target = file === "" ? page : join(dirname(page), decodeURIComponent(file));
      if (!existsSync(target)) broken.push(`${relative(ROOT, page)}:${link.line}: ${link.target}`);
      else if (anchor && target.endsWith(".md") && !headingAnchors(read(target)).has(anchor)) {
        broken.push(`${relative(ROOT, page)}:${link.line}: ${link.target} (no such heading)`);
      }
    }
  }
  expect(broken).toEqual([]);
});
