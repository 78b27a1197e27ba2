// The search index: every page title, its section headings and every chapter stage, written as
// one JSON file at build time. The browser filters it (assets/search.js); there is no server.
import type { Heading } from "./markdown.ts";
import type { SiteChapter } from "./sources.ts";

export interface SearchEntry {
  /** The page's title. */
  page: string;
  /** A heading or stage of the page; absent for the page itself. */
  heading?: string;
  /** From the site root, with the heading's anchor. */
  url: string;
  /** Where the page sits: "Part I — microfast", "Docs", … */
  section: string;
}

export interface IndexedPage {
  title: string;
  url: string;
  section: string;
  headings: Heading[];
  chapter?: SiteChapter;
}

/**
 * Headings below this level (####) are details of a section: indexing them would bury the
 * sections a learner looks for under many near-duplicate hits.
 */
const DEEPEST_INDEXED_HEADING = 3;

export function buildSearchIndex(pages: IndexedPage[]): SearchEntry[] {
  return pages.flatMap((page) => {
    const base = { page: page.title, section: page.section };
    const headings = page.headings
      .filter((h) => h.level > 1 && h.level <= DEEPEST_INDEXED_HEADING)
      .map((h) => ({ ...base, heading: h.text, url: `${page.url}#${h.id}` }));
    // A stage id is what a failing check prints (`[check 01.3 key-value]`): make it findable.
    const stages = (page.chapter?.stages ?? []).map((s) => ({
      ...base,
      heading: `${s.id} ${s.slug}: ${s.title}`,
      url: `${page.url}${s.readme}`,
    }));
    return [{ ...base, url: page.url }, ...headings, ...stages];
  });
}
