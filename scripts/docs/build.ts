// The site builder: the course's markdown in, a static site out. Everything is parsed and every
// link checked before the output folder is touched, so a broken link never leaves half a site.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { PROJECTS, ROOT } from "../../shared/course/chapters.ts";
import { type Progress, readProgress } from "../lib/progress.ts";
import { BENCH_URL, benchBody } from "./bench-page.ts";
import { chapterPanel } from "./chapter-panel.ts";
import { createHighlight, fileLanguage, type Highlight } from "./highlight.ts";
import { homeBody, shortTitle } from "./home.ts";
import { escapeHtml } from "./html.ts";
import { type FileKind, fileUrl, type PageRef, rewriteLinks } from "./links.ts";
import { createMarkdown, type Heading, type ParsedPage, parsePage, renderTokens } from "./markdown.ts";
import { partLabel } from "./parts.ts";
import { chapterStatus } from "./progress-state.ts";
import { buildSearchIndex } from "./search-index.ts";
import { type CourseSources, readCourse, type SiteChapter } from "./sources.ts";
import { type NavGroup, type NavItem, renderPage, type SiteFrame } from "./templates.ts";

/** The output folder under the course root: git-ignored, rebuilt from scratch on every build. */
export const SITE_DIR = "site";
/** The stylesheet and scripts, hand-written, copied as they are. */
const ASSETS_DIR = fileURLToPath(new URL("./assets/", import.meta.url));
export const SEARCH_INDEX_FILE = "search-index.json";
/** Used when the course has no top README to take a title from. */
const FALLBACK_TITLE = "Course";

export interface BuildOptions {
  /** The course folder: this repository unless a test points at a fixture. */
  root?: string;
  /** Where the site goes; `site/` under the root by default. */
  outDir?: string;
  /** The learner's progress; read from the progress file by default. */
  progress?: Progress;
  /** The build time shown as "as of"; now by default. */
  now?: Date;
}

export interface BuildResult {
  outDir: string;
  /** Every HTML page written, from the site root. */
  pages: string[];
}

/** The build found problems (broken links, missing images); each is "file:line: what". */
export class BuildError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

interface MarkdownPage {
  kind: "guide" | "doc" | "chapter";
  file: string;
  url: string;
  title: string;
  nav: NavItem;
  /** The search index's grouping: "Course", a part, "Docs". */
  section: string;
  parsed: ParsedPage;
  chapter?: SiteChapter;
  /** The benchmark page: the committed results it shows under its title, when there are some. */
  bench?: { file: string; parsed: ParsedPage } | { file: undefined; parsed: undefined };
}

/** A page's headings, the benchmark results' included: for its anchors, its "on this page" list and search. */
function headingsOf(page: MarkdownPage): Heading[] {
  return page.bench?.parsed ? [...page.bench.parsed.headings, ...page.parsed.headings] : page.parsed.headings;
}

const HOME: NavItem = { url: "index.html", label: "Home" };

export async function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  const root = resolve(options.root ?? ROOT);
  const outDir = resolve(options.outDir ?? join(root, SITE_DIR));
  const fromOut = relative(outDir, root);
  // The output folder is deleted before each build: it must never hold the course itself.
  if (!fromOut.startsWith("..") && !isAbsolute(fromOut))
    throw new Error(`refusing to build into ${outDir}: it contains the course`);
  const progress = options.progress ?? readProgress();
  const builtAt = options.now ?? new Date();
  const course = readCourse(root);
  // Loading the grammars takes a moment: let it run while the pages are parsed and checked.
  const highlighting = createHighlight();
  highlighting.catch(() => {}); // awaited below; a broken link may end the build first
  const md = createMarkdown();

  const pages = collectPages(course, md);
  const refs = new Map<string, PageRef>(
    pages.map((p) => [p.file, { url: p.url, anchors: new Set(headingsOf(p).map((h) => h.id)) }]),
  );
  // A link to the results file leads to the page that shows them.
  for (const page of pages) if (page.bench?.file) refs.set(page.bench.file, refs.get(page.file)!);
  const files = new Map<string, FileKind>();
  const problems: string[] = [];
  for (const page of pages) {
    rewriteLinks(page.parsed.tokens, { root, file: page.file, pages: refs, files, problems });
    if (page.bench?.file)
      rewriteLinks(page.bench.parsed.tokens, { root, file: page.bench.file, pages: refs, files, problems });
  }
  problems.push(...stageAnchorProblems(pages, root));
  if (problems.length) throw new BuildError(problems);
  const highlight = await highlighting;

  const guide = pages.find((p) => p.kind === "guide");
  const frame: SiteFrame = { siteTitle: guide?.title ?? FALLBACK_TITLE, groups: navGroups(pages, progress), builtAt };
  const order = [HOME, ...pages.map((p) => p.nav)];
  const render = (tokens: Token[]) => renderTokens(md, tokens, { highlight });
  const output = new Map<string, string>();

  const home = homeBody({
    siteTitle: frame.siteTitle,
    lead: guide ? leadParagraph(guide.parsed.tokens, render) : "",
    guideUrl: guide?.url,
    benchUrl: pages.find((p) => p.bench)?.url,
    chapters: pages.flatMap((p) => (p.chapter ? [{ chapter: p.chapter, url: p.url }] : [])),
    progress,
    builtAt,
  });
  output.set(
    HOME.url,
    renderPage({ url: HOME.url, title: frame.siteTitle, body: home, toc: [], prev: undefined, next: order[1] }, frame),
  );
  pages.forEach((page, i) => {
    const body = page.chapter
      ? chapterBody(page, page.chapter, render, progress, builtAt)
      : page.bench
        ? benchBody(page.parsed.tokens, page.bench.parsed?.tokens, render)
        : render(page.parsed.tokens);
    output.set(
      page.url,
      renderPage(
        { url: page.url, title: page.title, body, toc: headingsOf(page), prev: order[i], next: order[i + 2] },
        frame,
      ),
    );
  });
  for (const [repoPath, kind] of files) {
    if (kind !== "source") continue;
    const url = fileUrl(repoPath, kind);
    const body = sourceBody(repoPath, readFileSync(join(root, repoPath), "utf8"), highlight);
    output.set(url, renderPage({ url, title: repoPath, body, toc: [], prev: undefined, next: undefined }, frame));
  }
  const notFound = `<h1>Page not found</h1><p>This page is not part of the course site. Start again from the <a href="index.html">home page</a>.</p>`;
  const page404 = renderPage(
    { url: "404.html", title: "Page not found", body: notFound, toc: [], prev: undefined, next: undefined },
    frame,
  );
  // Served in place of a missing page at any depth: its relative links must start from the root.
  output.set("404.html", page404.replace("<head>", `<head>\n<base href="/">`));

  const index = buildSearchIndex(
    pages.map((p) => ({
      title: p.title,
      url: p.url,
      section: p.section,
      headings: headingsOf(p),
      chapter: p.chapter,
    })),
  );
  const raw = [...files].filter(([, kind]) => kind === "raw").map(([path]) => path);
  writeSite(root, outDir, output, raw, JSON.stringify(index));
  return { outDir, pages: [...output.keys()] };
}

/** In reading order: the course guide, the chapters, the docs, the benchmarks. Prev/next follow it. */
function collectPages(course: CourseSources, md: MarkdownIt): MarkdownPage[] {
  const read = (file: string) => parsePage(md, existsSync(file) ? readFileSync(file, "utf8") : "");
  const pages: MarkdownPage[] = [];
  if (course.readme) {
    const parsed = read(course.readme);
    const title = parsed.title ?? FALLBACK_TITLE;
    pages.push({
      kind: "guide",
      file: course.readme,
      url: "guide.html",
      title,
      nav: { url: "guide.html", label: "Course guide" },
      section: "Course",
      parsed,
    });
  }
  for (const chapter of course.chapters) {
    const parsed = read(chapter.readmePath);
    const url = `chapters/${chapter.dir}.html`;
    const nav: NavItem = { url, label: shortTitle(chapter), number: chapter.id };
    const title = parsed.title ?? `${chapter.id} · ${chapter.title}`;
    pages.push({
      kind: "chapter",
      file: chapter.readmePath,
      url,
      title,
      nav,
      section: partLabel(chapter.project).title,
      parsed,
      chapter,
    });
  }
  for (const file of course.docs) {
    const parsed = read(file);
    const name = file.slice(file.lastIndexOf(sep) + 1, -".md".length);
    const url = `docs/${name}.html`;
    const title = parsed.title ?? name;
    pages.push({ kind: "doc", file, url, title, nav: { url, label: title }, section: "Docs", parsed });
  }
  if (course.bench) {
    const parsed = read(course.bench.readme);
    const title = parsed.title ?? "Benchmarks";
    const { results } = course.bench;
    pages.push({
      kind: "doc",
      file: course.bench.readme,
      url: BENCH_URL,
      title,
      nav: { url: BENCH_URL, label: title },
      section: "Docs",
      parsed,
      bench: results ? { file: results, parsed: read(results) } : { file: undefined, parsed: undefined },
    });
  }
  return pages;
}

function navGroups(pages: MarkdownPage[], progress: Progress): NavGroup[] {
  const start: NavGroup = {
    title: "Start",
    items: [HOME, ...pages.filter((p) => p.kind === "guide").map((p) => p.nav)],
  };
  const parts = PROJECTS.map((project): NavGroup => {
    const label = partLabel(project);
    const items = pages
      .filter((p) => p.chapter?.project === project)
      .map((p) => ({ ...p.nav, state: chapterStatus(progress, p.chapter!).state }));
    return { title: label.title, subtitle: label.subtitle, items, emptyNote: "Coming soon" };
  });
  const docs = pages.filter((p) => p.kind === "doc").map((p) => p.nav);
  return [start, ...parts, ...(docs.length ? [{ title: "Docs", items: docs }] : [])];
}

/** A stage's `readme` anchor is where a failing check sends the learner: it must exist. */
function stageAnchorProblems(pages: MarkdownPage[], root: string): string[] {
  return pages.flatMap((page) => {
    if (!page.chapter || !existsSync(page.file)) return [];
    const anchors = new Set(page.parsed.headings.map((h) => h.id));
    const json = relative(root, join(dirname(page.file), "chapter.json"))
      .split(sep)
      .join("/");
    return page.chapter.stages
      .filter((s) => !anchors.has(s.readme.slice(1)))
      .map((s) => `${json}: stage ${s.id} points to ${s.readme}, which is not a heading of its README.md`);
  });
}

/** The lesson with the chapter's panel (stages, progress) right under its title. */
function chapterBody(
  page: MarkdownPage,
  chapter: SiteChapter,
  render: (t: Token[]) => string,
  progress: Progress,
  builtAt: Date,
): string {
  const tokens = page.parsed.tokens;
  const titleEnd = tokens.findIndex((t) => t.type === "heading_close" && t.tag === "h1");
  const head = titleEnd === -1 ? `<h1>${escapeHtml(page.title)}</h1>` : render(tokens.slice(0, titleEnd + 1));
  const missing = existsSync(page.file) ? "" : `<p class="notice">The lesson for this chapter is not written yet.</p>`;
  return head + chapterPanel(chapter, progress, builtAt) + missing + render(tokens.slice(titleEnd + 1));
}

/** The guide's first paragraph: the course's own words for the home page. */
function leadParagraph(tokens: Token[], render: (t: Token[]) => string): string {
  const open = tokens.findIndex((t) => t.type === "paragraph_open");
  const close = tokens.findIndex((t, i) => i > open && t.type === "paragraph_close");
  return open === -1 || close === -1 ? "" : render(tokens.slice(open, close + 1));
}

function sourceBody(repoPath: string, text: string, highlight: Highlight): string {
  const language = fileLanguage(repoPath);
  return `<p class="kicker">A file of the course repository</p>
<h1 class="source-title"><code>${escapeHtml(repoPath)}</code></h1>
<div class="code source" data-lang="${language}">${highlight(text, language)}</div>`;
}

function writeSite(root: string, outDir: string, pages: Map<string, string>, raw: string[], index: string): void {
  rmSync(outDir, { recursive: true, force: true });
  for (const [url, html] of pages) {
    const path = join(outDir, url);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, html);
  }
  cpSync(ASSETS_DIR, join(outDir, "assets"), { recursive: true });
  for (const path of raw) cpSync(join(root, path), join(outDir, fileUrl(path, "raw")));
  writeFileSync(join(outDir, SEARCH_INDEX_FILE), index);
}
