// The frame around every page: the sidebar grouped by part, the search box, the theme toggle,
// the previous/next links and the "on this page" list.
import type { ChapterState } from "../lib/progress.ts";
import { escapeHtml, relativeUrl, rootPrefix } from "./html.ts";
import type { Heading } from "./markdown.ts";
import { formatTime, STATE_LABELS } from "./progress-state.ts";

export interface NavItem {
  /** The page's path from the site root. */
  url: string;
  label: string;
  /** A chapter's number, shown before its label. */
  number?: string;
  state?: ChapterState;
}

export interface NavGroup {
  title: string;
  subtitle?: string;
  items: NavItem[];
  /** Shown instead of an empty list ("Coming soon"). */
  emptyNote?: string;
}

export interface SiteFrame {
  siteTitle: string;
  groups: NavGroup[];
  builtAt: Date;
}

export interface PageFrame {
  url: string;
  title: string;
  body: string;
  /** The page's `##` headings, listed beside long pages. */
  toc: Heading[];
  prev: NavItem | undefined;
  next: NavItem | undefined;
}

/**
 * How a learner rebuilds the site. `run` is needed: pnpm hands a bare `pnpm docs` to npm's own
 * `docs` command (it opens a package's homepage) and never reaches the script.
 */
export const DOCS_COMMAND = "pnpm run docs";

/** Pages with fewer sections than this get no "on this page" list: it would add nothing. */
const MIN_TOC_ENTRIES = 3;

// Runs before the first paint, so a reader who chose a theme never sees the other one flash.
const THEME_BOOT = `try{var t=localStorage.getItem("theme");if(t)document.documentElement.dataset.theme=t}catch(e){}`;

export function renderPage(page: PageFrame, site: SiteFrame): string {
  const root = rootPrefix(page.url);
  const title = page.title === site.siteTitle ? page.title : `${page.title} · ${site.siteTitle}`;
  return `<!doctype html>
<html lang="en" data-root="${root}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${root}assets/site.css">
<script>${THEME_BOOT}</script>
<script src="${root}assets/site.js" defer></script>
<script src="${root}assets/search.js" defer></script>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<div class="layout">
<aside class="sidebar">
  <div class="sidebar-head">
    <a class="brand" href="${root}index.html">${escapeHtml(site.siteTitle)}</a>
    <button class="icon-button theme-toggle" type="button" title="Switch between light and dark" aria-label="Switch between light and dark">${THEME_ICON}</button>
    <button class="icon-button menu-toggle" type="button" aria-label="Show the course menu" aria-expanded="false">${MENU_ICON}</button>
  </div>
  <div class="search" role="search">
    <input id="search" type="search" placeholder="Search the course" autocomplete="off" spellcheck="false"
      aria-label="Search titles and headings" aria-controls="search-results"><kbd class="search-key">/</kbd>
    <ol id="search-results" class="search-results" hidden></ol>
  </div>
  <nav class="nav" aria-label="Course">
${site.groups.map((g) => navGroup(g, page.url)).join("\n")}
  </nav>
</aside>
<main id="content" class="main">
<article class="prose">
${page.body}
</article>
${pager(page)}
<footer class="footer">Built ${timeTag(site.builtAt)} from the course's markdown by <code>${DOCS_COMMAND}</code>.</footer>
</main>
${toc(page.toc)}
</div>
</body>
</html>
`;
}

export function timeTag(time: Date | string): string {
  const iso = typeof time === "string" ? time : time.toISOString();
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatTime(time))}</time>`;
}

export function stateBadge(state: ChapterState): string {
  return `<span class="badge ${state}">${STATE_LABELS[state]}</span>`;
}

function navGroup(group: NavGroup, current: string): string {
  const items = group.items.map((item) => {
    const here = item.url === current ? ` aria-current="page"` : "";
    const number = item.number ? `<span class="nav-num">${escapeHtml(item.number)}</span>` : "";
    const dot = item.state ? `<span class="dot ${item.state}" title="${STATE_LABELS[item.state]}"></span>` : "";
    return `      <li><a href="${relativeUrl(current, item.url)}"${here}>${number}<span class="nav-label">${escapeHtml(item.label)}</span>${dot}</a></li>`;
  });
  const list = items.length
    ? `    <ol>\n${items.join("\n")}\n    </ol>`
    : `    <p class="nav-soon">${escapeHtml(group.emptyNote ?? "")}</p>`;
  const subtitle = group.subtitle ? `<span class="nav-sub">${escapeHtml(group.subtitle)}</span>` : "";
  return `  <div class="nav-group">\n    <p class="nav-title">${escapeHtml(group.title)}${subtitle}</p>\n${list}\n  </div>`;
}

function pager(page: PageFrame): string {
  const link = (item: NavItem | undefined, rel: "prev" | "next") => {
    if (!item) return `<span></span>`;
    const label = item.number ? `${item.number} · ${item.label}` : item.label;
    return `<a class="pager-${rel}" rel="${rel}" href="${relativeUrl(page.url, item.url)}"><span class="pager-dir">${rel === "prev" ? "Previous" : "Next"}</span>${escapeHtml(label)}</a>`;
  };
  if (!page.prev && !page.next) return "";
  return `<nav class="pager" aria-label="Previous and next page">${link(page.prev, "prev")}${link(page.next, "next")}</nav>`;
}

function toc(headings: Heading[]): string {
  const sections = headings.filter((h) => h.level === 2);
  if (sections.length < MIN_TOC_ENTRIES) return "";
  const items = sections.map((h) => `<li><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`).join("");
  return `<aside class="toc" aria-label="On this page"><p class="toc-title">On this page</p><ol>${items}</ol></aside>`;
}

// Two small inline icons: no icon font, nothing fetched.
const THEME_ICON = `<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor"/></svg>`;
const MENU_ICON = `<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="M4 6h16M4 12h16M4 18h16" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>`;
