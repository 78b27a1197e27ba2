// The "Benchmarks" page: docs/bench/README.md (how to read the numbers) with the committed
// results of `pnpm bench microfast` — docs/bench/microfast.md, its table, and the chart it
// links to, microfast.svg — right under the title. Without results the page says how to make
// them, so the page never shows numbers that were not measured.
import type { Token } from "markdown-it";
import { escapeHtml } from "./html.ts";

/** The page's prose and the results it shows, from the course root. */
export const BENCH_README = "docs/bench/README.md";
export const BENCH_RESULTS = "docs/bench/microfast.md";
export const BENCH_URL = "docs/bench.html";
/** The command that writes the committed results. */
export const BENCH_COMMAND = "pnpm bench microfast --out docs/bench";

export const NO_RESULTS = `<p class="notice">No measurements are committed yet. Run <code>${escapeHtml(BENCH_COMMAND)}</code> on a machine as quiet as you can make it, then <code>pnpm run docs</code> again: this page shows its table and chart.</p>`;

/** The README's title and first paragraph, then the results (or the notice), then the rest of the README. */
export function benchBody(readme: Token[], results: Token[] | undefined, render: (tokens: Token[]) => string): string {
  const titleEnd = readme.findIndex((t) => t.type === "heading_close" && t.tag === "h1");
  const leadEnd = readme.findIndex((t, i) => i > titleEnd && t.type === "paragraph_close");
  const split = (leadEnd === -1 ? titleEnd : leadEnd) + 1;
  const shown = results ? `<section class="bench-results">\n${render(results)}</section>\n` : NO_RESULTS;
  return render(readme.slice(0, split)) + shown + render(readme.slice(split));
}
