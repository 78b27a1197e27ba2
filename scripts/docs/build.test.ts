// The whole builder on the fixture course: what lands in the site folder.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Progress } from "../lib/progress.ts";
import { type BuildResult, buildSite, SEARCH_INDEX_FILE } from "./build.ts";
import type { SearchEntry } from "./search-index.ts";

const COURSE = fileURLToPath(new URL("./fixtures/course/", import.meta.url));
const PROGRESS = JSON.parse(readFileSync(join(COURSE, "progress.json"), "utf8")) as Progress;
const NOW = new Date("2026-11-22T08:15:00Z");

let outDir: string;
let built: BuildResult;
const page = (url: string) => readFileSync(join(outDir, url), "utf8");

beforeAll(async () => {
  outDir = join(mkdtempSync(join(tmpdir(), "docs-build-")), "site");
  mkdirSync(outDir);
  writeFileSync(join(outDir, "stale.html"), "from an older build");
  built = await buildSite({ root: COURSE, outDir, progress: PROGRESS, now: NOW });
});
afterAll(() => rmSync(join(outDir, ".."), { recursive: true, force: true }));

test("writes a page for home, the guide, each chapter, each docs page and each linked source file", () => {
  expect(built.pages.sort()).toEqual([
    "404.html",
    "chapters/01-alpha.html",
    "chapters/02-beta.html",
    "chapters/11-gamma.html",
    "docs/glossary.html",
    "guide.html",
    "index.html",
    "source/solutions/01-alpha/src/alpha.ts.html",
  ]);
  expect(existsSync(join(outDir, "files/chapters/01-alpha/diagram.svg"))).toBe(true);
  expect(existsSync(join(outDir, "stale.html"))).toBe(false);
});

describe("the home page", () => {
  test("shows the three parts in order, and Part III, with no chapters, as coming soon", () => {
    const html = page("index.html");
    const parts = [...html.matchAll(/<section class="part">\n<h2 id="(\w+)">/g)].map((m) => m[1]);
    expect(parts).toEqual(["microfast", "tinyorm", "unamex"]);
    expect(html.slice(html.indexOf(`id="unamex"`))).toContain("Coming soon.");
    expect(html.slice(html.indexOf(`id="tinyorm"`), html.indexOf(`id="unamex"`))).toContain(
      "Gamma: a chapter of the second part",
    );
  });

  test("shows each chapter's state and offers the chapter opened last", () => {
    const html = page("index.html");
    expect(html).toMatch(/class="chapter-item state-passed"><a href="chapters\/01-alpha.html">/);
    expect(html).toMatch(/class="chapter-item state-in-progress"><a href="chapters\/02-beta.html">/);
    expect(html).toContain(`<a class="button primary" href="chapters/02-beta.html">Continue with 02 · Beta</a>`);
    expect(html).toContain("You have passed 1 of 3 chapters, 1 in progress.");
  });
});

describe("a chapter page", () => {
  test("puts the stages and the learner's state right under the lesson's title", () => {
    const html = page("chapters/02-beta.html");
    const title = html.indexOf("<h1");
    const panel = html.indexOf(`<section class="chapter-panel state-in-progress"`);
    const goal = html.indexOf(`<h2 id="goal">`);
    expect(title).toBeGreaterThan(-1);
    expect(panel).toBeGreaterThan(title);
    expect(goal).toBeGreaterThan(panel);
    expect(html.match(/<li class="stage /g)).toHaveLength(3);
  });

  test("marks itself in the sidebar, grouped by part, with previous and next pages", () => {
    const html = page("chapters/01-alpha.html");
    expect(html).toMatch(
      /<a href="\.\.\/chapters\/01-alpha.html" aria-current="page"><span class="nav-num">01<\/span><span class="nav-label">Alpha<\/span><span class="dot passed"/,
    );
    expect([...html.matchAll(/<p class="nav-title">([^<]+)/g)].map((m) => m[1])).toEqual([
      "Start",
      "Part I — microfast",
      "Part II — tinyorm",
      "Part III — unamex",
      "Docs",
    ]);
    expect(html).toContain(`<a class="pager-prev" rel="prev" href="../guide.html">`);
    expect(html).toContain(`<a class="pager-next" rel="next" href="../chapters/02-beta.html">`);
  });

  test("highlights code with shiki and keeps diagrams as unwrapped plain text", () => {
    const html = page("chapters/01-alpha.html");
    expect(html).toMatch(/<div class="code" data-lang="ts"><span class="code-lang">ts<\/span><pre class="shiki/);
    expect(html).toContain("--shiki-dark:");
    expect(html).toMatch(
      /<div class="code" data-lang="text"><pre class="shiki[^>]*><code><span class="line"><span>client ──PING──► server/,
    );
  });
});

test("the search index lists pages, headings and stages", () => {
  const index = JSON.parse(page(SEARCH_INDEX_FILE)) as SearchEntry[];
  expect(index).toContainEqual({ page: "Glossary", url: "docs/glossary.html", section: "Docs" });
  expect(index).toContainEqual(
    expect.objectContaining({ heading: "Backpressure and you", url: "chapters/01-alpha.html#backpressure-and-you" }),
  );
  expect(index).toContainEqual(expect.objectContaining({ heading: "01.2 pong: Answers PING with PONG" }));
});

test("works with no network: every asset is local, no font or script comes from elsewhere", () => {
  const html = built.pages.map(page).join("\n");
  const css = readFileSync(join(outDir, "assets/site.css"), "utf8");
  expect(html.match(/<(?:link|script|img)\b[^>]*(?:href|src)="(?:https?:)?\/\/[^"]*"/g)).toBeNull();
  expect(css).not.toMatch(/@import|url\(/);
  expect(readdirSync(join(outDir, "assets")).sort()).toEqual(["search.js", "site.css", "site.js"]);
});

test("refuses to build into a folder that holds the course", async () => {
  const scratch = mkdtempSync(join(tmpdir(), "docs-guard-"));
  const course = join(scratch, "course");
  mkdirSync(course);
  writeFileSync(join(course, "README.md"), "# A course\n");
  await expect(buildSite({ root: course, outDir: scratch, progress: PROGRESS })).rejects.toThrow(/refusing to build/);
  expect(existsSync(join(course, "README.md"))).toBe(true);
  rmSync(scratch, { recursive: true });
});
