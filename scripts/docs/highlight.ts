// Syntax highlighting with shiki, done once at build time: the site ships coloured HTML and no
// highlighter. Each token carries both themes' colours as CSS variables; the stylesheet picks one.
import { extname } from "node:path";
import { createHighlighter, type Highlighter } from "shiki";

/** One light and one dark theme, switched with the site's colour scheme. */
export const THEMES = { light: "github-light", dark: "github-dark" } as const;

/**
 * The languages the lessons use. `shellsession` covers ```console blocks (a prompt and its output).
 * Anything else is shown as plain text: still monospace, never wrapped.
 */
const LANGUAGES = ["typescript", "javascript", "json", "bash", "sql", "http", "diff", "shellsession"];

/** The language of a source file shown on its own page, by extension. */
const EXTENSION_LANGUAGES: Record<string, string> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".json": "json",
  ".sh": "bash",
  ".sql": "sql",
  ".http": "http",
  ".diff": "diff",
  ".patch": "diff",
};

export type Highlight = (code: string, language: string) => string;

// Loading the grammars takes a few hundred milliseconds: do it once per process.
let highlighter: Promise<Highlighter> | undefined;

export async function createHighlight(): Promise<Highlight> {
  const loaded = await (highlighter ??= createHighlighter({ themes: Object.values(THEMES), langs: LANGUAGES }));
  const known = new Set(loaded.getLoadedLanguages());
  return (code, language) =>
    loaded.codeToHtml(code.replace(/\n$/, ""), {
      lang: known.has(language) ? language : "text",
      themes: THEMES,
      // No inline default colour: the stylesheet chooses between --shiki-light and --shiki-dark.
      defaultColor: false,
    });
}

/** "ts {title=x}" → "ts"; an unlabelled fence is text (ASCII diagrams, mostly). */
export function fenceLanguage(info: string): string {
  return info.trim().split(/\s+/)[0]?.toLowerCase() || "text";
}

export function fileLanguage(path: string): string {
  return EXTENSION_LANGUAGES[extname(path).toLowerCase()] ?? "text";
}
