import { describe, expect, test } from "vitest";
import { fenceLanguage } from "./highlight.ts";
import { escapeHtml } from "./html.ts";
import { createMarkdown, parsePage, renderTokens } from "./markdown.ts";

const md = createMarkdown();
// A stand-in highlighter that shows which language each block was given.
const highlight = (code: string, language: string) => `<pre data-hl="${language}">${escapeHtml(code)}</pre>`;
const render = (source: string) => renderTokens(md, parsePage(md, source).tokens, { highlight });

describe("heading anchors", () => {
  const cases: [heading: string, id: string][] = [
    ["## The spec you will implement", "the-spec-you-will-implement"],
    ["## Why it matters", "why-it-matters"],
    ["### Closing: QUIT and half-close", "closing-quit-and-half-close"],
    ["### `Connection: close` and HTTP/1.0", "connection-close-and-http10"],
    ["### Bytes, not characters", "bytes-not-characters"],
    ["## Experiments to try", "experiments-to-try"],
  ];
  test.each(cases)("%s gets GitHub's id #%s", (heading, id) => {
    expect(parsePage(md, heading).headings[0]?.id).toBe(id);
    expect(render(heading)).toContain(`id="${id}"`);
  });

  test("a repeated heading gets -1, -2 like on GitHub", () => {
    const ids = parsePage(md, "## Notes\n\n## Notes\n\n## Notes\n").headings.map((h) => h.id);
    expect(ids).toEqual(["notes", "notes-1", "notes-2"]);
  });

  test("every heading links to itself", () => {
    expect(render("## Goal")).toContain(`<a class="anchor" href="#goal"`);
  });

  test("the first # heading is the page title", () => {
    expect(parsePage(md, "# 01 · Echo server\n\n## Goal\n").title).toBe("01 · Echo server");
  });
});

describe("code blocks", () => {
  test("a labelled fence is highlighted in its language, with a label", () => {
    const html = render("```ts\nconst a = 1;\n```\n");
    expect(html).toContain(`data-hl="ts"`);
    expect(html).toContain(`<span class="code-lang">ts</span>`);
  });

  test("an unlabelled fence and a ```text fence are plain text: ASCII diagrams keep their shape", () => {
    const diagram = "client ──PING──► server\n       ◄─PONG──\n";
    for (const fence of ["```", "```text"]) {
      const html = render(`${fence}\n${diagram}\`\`\`\n`);
      expect(html).toContain(`data-hl="text"`);
      expect(html).toContain(escapeHtml(diagram));
      expect(html).not.toContain("code-lang");
    }
  });

  test("the fence's language is its first word", () => {
    expect(fenceLanguage("TS title=x.ts")).toBe("ts");
    expect(fenceLanguage("")).toBe("text");
  });
});

test("HTML comments in a lesson (the stage-table markers) are not shown as text", () => {
  expect(render("<!-- stages:begin -->\n| a |\n| - |\n| b |\n<!-- stages:end -->\n")).not.toContain("&lt;!--");
});

test("tables scroll inside the text column", () => {
  expect(render("| a | b |\n| - | - |\n| 1 | 2 |\n")).toContain(`<div class="table-wrap"><table>`);
});
