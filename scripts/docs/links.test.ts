import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { BuildError, buildSite } from "./build.ts";
import { type FileKind, type LinkContext, type PageRef, rewriteLinks } from "./links.ts";
import { createMarkdown, parsePage, renderTokens } from "./markdown.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const COURSE = join(FIXTURES, "course");
const md = createMarkdown();

/** The fixture course's pages, as the builder maps them. */
const PAGES = new Map<string, PageRef>([
  [join(COURSE, "README.md"), { url: "guide.html", anchors: new Set(["start-here"]) }],
  [
    join(COURSE, "chapters/01-alpha/README.md"),
    { url: "chapters/01-alpha.html", anchors: new Set(["goal", "backpressure-and-you"]) },
  ],
  [
    join(COURSE, "chapters/02-beta/README.md"),
    { url: "chapters/02-beta.html", anchors: new Set(["the-spec-you-will-implement"]) },
  ],
  [join(COURSE, "docs/glossary.md"), { url: "docs/glossary.html", anchors: new Set(["framing"]) }],
]);

/** Renders one line of markdown as if it were in `file` of the fixture course. */
function rewrite(markdown: string, file = "chapters/01-alpha/README.md") {
  const ctx: LinkContext = {
    root: COURSE,
    file: join(COURSE, file),
    pages: PAGES,
    files: new Map<string, FileKind>(),
    problems: [],
  };
  const { tokens } = parsePage(md, markdown);
  rewriteLinks(tokens, ctx);
  return { html: renderTokens(md, tokens, { highlight: (code) => code }), ctx };
}

describe("relative links become site links", () => {
  const cases: [what: string, markdown: string, from: string, href: string][] = [
    [
      "a chapter README → its chapter page",
      "[next](../02-beta/README.md)",
      "chapters/01-alpha/README.md",
      "../chapters/02-beta.html",
    ],
    [
      "a heading of another lesson keeps its anchor",
      "[spec](chapters/02-beta/README.md#the-spec-you-will-implement)",
      "README.md",
      "chapters/02-beta.html#the-spec-you-will-implement",
    ],
    [
      "a chapter folder → its chapter page",
      "[alpha](../01-alpha/)",
      "chapters/02-beta/README.md",
      "../chapters/01-alpha.html",
    ],
    [
      "docs/x.md → the docs page",
      "[glossary](../../docs/glossary.md#framing)",
      "chapters/01-alpha/README.md",
      "../docs/glossary.html#framing",
    ],
    ["the top README → the course guide", "[course](../README.md)", "docs/glossary.md", "../guide.html"],
    [
      "a source file → its highlighted page",
      "[code](../../solutions/01-alpha/src/alpha.ts)",
      "chapters/01-alpha/README.md",
      "../source/solutions/01-alpha/src/alpha.ts.html",
    ],
    ["a heading of the same page", "[up](#goal)", "chapters/01-alpha/README.md", "#goal"],
    [
      "an absolute URL is left alone",
      "[rfc](https://www.rfc-editor.org/rfc/rfc9112)",
      "README.md",
      "https://www.rfc-editor.org/rfc/rfc9112",
    ],
  ];
  test.each(cases)("%s", (_what, markdown, from, href) => {
    const { html, ctx } = rewrite(markdown, from);
    expect(ctx.problems).toEqual([]);
    expect(html).toContain(`href="${href}"`);
  });

  test("a linked source file is shown on a page; a picture is copied as it is", () => {
    const { html, ctx } = rewrite("[code](../../solutions/01-alpha/src/alpha.ts) ![box](diagram.svg)");
    expect(html).toContain(`src="../files/chapters/01-alpha/diagram.svg"`);
    expect([...ctx.files]).toEqual([
      ["solutions/01-alpha/src/alpha.ts", "source"],
      ["chapters/01-alpha/diagram.svg", "raw"],
    ]);
  });

  test("a folder without a page is shown as its path, not as a link", () => {
    const { html, ctx } = rewrite("See [the solutions](solutions/).", "README.md");
    expect(ctx.problems).toEqual([]);
    expect(html).toContain(`<span class="repo-path" title="solutions/ in the course repository">the solutions</span>`);
    expect(html).not.toContain("href");
  });

  test("a problem names the line of the link, counted across wrapped paragraphs and tables", () => {
    const markdown = "# T\n\nfirst line\nsecond [x](nope.md) line\n\n| a |\n| - |\n| [y](gone.md) |\n";
    expect(rewrite(markdown, "README.md").ctx.problems).toEqual([
      "README.md:4: broken link nope.md",
      "README.md:8: broken link gone.md",
    ]);
  });

  test("an anchor that is no heading of the page is broken", () => {
    expect(rewrite("[x](#nowhere)").ctx.problems).toEqual([
      "chapters/01-alpha/README.md:1: broken link #nowhere (no heading #nowhere on this page)",
    ]);
  });
});

describe("a course with broken links", () => {
  const outDir = mkdtempSync(join(tmpdir(), "docs-broken-"));
  rmSync(outDir, { recursive: true });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test("fails the build with every problem's file and line, and writes nothing", async () => {
    const error = await buildSite({
      root: join(FIXTURES, "broken"),
      outDir,
      progress: { version: 1, chapters: {} },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).problems).toEqual([
      "README.md:4: broken link docs/nope.md",
      "README.md:6: missing image img/none.png",
      "README.md:8: broken link docs/ok.md#nowhere (no heading #nowhere in docs/ok.md)",
      "docs/ok.md:5: broken link ../../course/README.md (outside the course)",
    ]);
    expect(existsSync(outDir)).toBe(false);
  });
});
