// Markdown to HTML with markdown-it: GitHub-style heading anchors (chapter.json's `readme`
// anchors and links between lessons use them), highlighted code blocks and scrollable tables.

import type { Token } from "markdown-it";
import MarkdownIt from "markdown-it";
import { slugify } from "../../shared/course/readme-contract.ts";
import { fenceLanguage, type Highlight } from "./highlight.ts";
import { escapeHtml } from "./html.ts";

export interface Heading {
  level: number;
  text: string;
  id: string;
}

/** What one parse of a page leaves behind for the rest of the build. */
export interface ParsedPage {
  tokens: Token[];
  headings: Heading[];
  /** The text of the first `#` heading. */
  title: string | undefined;
}

interface ParseEnv {
  headings: Heading[];
  used: Map<string, number>;
}

/** What rendering needs: the highlighter is loaded while links are checked, so it comes late. */
export interface RenderEnv {
  highlight: Highlight;
}

export function createMarkdown(): MarkdownIt {
  // Raw HTML stays on: lessons carry HTML comments (the generated stage-table markers).
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.core.ruler.push("heading_ids", (state) => {
    assignHeadingIds(state.tokens, state.env as ParseEnv);
  });

  md.renderer.rules.heading_close = (tokens, idx) => {
    const id = tokens[idx - 2]?.attrGet("id");
    const tag = tokens[idx]!.tag;
    // The page title needs no link to itself; sections get one, shown on hover.
    const anchor =
      id && tag !== "h1" ? `<a class="anchor" href="#${escapeHtml(id)}" aria-label="Link to this section">#</a>` : "";
    return `${anchor}</${tag}>\n`;
  };

  md.renderer.rules.fence = (tokens, idx, _options, env: RenderEnv) => {
    const token = tokens[idx]!;
    const language = fenceLanguage(token.info);
    const label = language === "text" ? "" : `<span class="code-lang">${escapeHtml(language)}</span>`;
    return `<div class="code" data-lang="${escapeHtml(language)}">${label}${env.highlight(token.content, language)}</div>\n`;
  };
  md.renderer.rules.code_block = (tokens, idx, _options, env: RenderEnv) =>
    `<div class="code" data-lang="text">${env.highlight(tokens[idx]!.content, "text")}</div>\n`;

  // Wide tables scroll sideways inside the text column instead of widening the page.
  md.renderer.rules.table_open = () => `<div class="table-wrap"><table>\n`;
  md.renderer.rules.table_close = () => `</table></div>\n`;
  return md;
}

export function renderTokens(md: MarkdownIt, tokens: Token[], env: RenderEnv): string {
  return md.renderer.render(tokens, md.options, env);
}

export function parsePage(md: MarkdownIt, source: string): ParsedPage {
  const env: ParseEnv = { headings: [], used: new Map() };
  const tokens = md.parse(source, env);
  return { tokens, headings: env.headings, title: env.headings.find((h) => h.level === 1)?.text };
}

/** The visible text of an inline token: what GitHub slugs a heading from. */
export function inlineText(inline: Token | undefined): string {
  return (inline?.children ?? [])
    .filter((c) => c.type === "text" || c.type === "code_inline")
    .map((c) => c.content)
    .join("");
}

/** Ids as GitHub makes them; a repeated heading gets -1, -2, … like on GitHub. */
function assignHeadingIds(tokens: Token[], env: ParseEnv): void {
  tokens.forEach((token, i) => {
    if (token.type !== "heading_open") return;
    const text = inlineText(tokens[i + 1]);
    const base = slugify(text);
    if (base === "") return;
    const seen = env.used.get(base) ?? 0;
    env.used.set(base, seen + 1);
    const id = seen === 0 ? base : `${base}-${seen}`;
    token.attrSet("id", id);
    env.headings.push({ level: Number(token.tag.slice(1)), text, id });
  });
}
