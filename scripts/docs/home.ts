// The home page: the course in one screen. The three parts with their chapters and the
// learner's state for each, and a button to the chapter to work on next.
import { PROJECTS } from "../../shared/course/chapters.ts";
import type { Progress } from "../lib/progress.ts";
import { escapeHtml } from "./html.ts";
import { partLabel } from "./parts.ts";
import { type ChapterStatus, chapterStatus } from "./progress-state.ts";
import type { SiteChapter } from "./sources.ts";
import { DOCS_COMMAND, stateBadge, timeTag } from "./templates.ts";

export interface HomeChapter {
  chapter: SiteChapter;
  /** The chapter page, from the site root. */
  url: string;
}

export interface HomeInput {
  siteTitle: string;
  /** The top README's first paragraph, as HTML. */
  lead: string;
  guideUrl: string | undefined;
  /** The benchmark page, when the course has one: linked from Part I, whose framework it measures. */
  benchUrl?: string | undefined;
  chapters: HomeChapter[];
  progress: Progress;
  builtAt: Date;
}

export function homeBody(input: HomeInput): string {
  const statuses = new Map(input.chapters.map((c) => [c.chapter.dir, chapterStatus(input.progress, c.chapter)]));
  const parts = PROJECTS.map((project) => {
    const label = partLabel(project);
    const chapters = input.chapters.filter((c) => c.chapter.project === project);
    const list = chapters.length
      ? `<ol class="chapter-list">\n${chapters.map((c) => chapterCard(c, statuses.get(c.chapter.dir)!)).join("\n")}\n</ol>`
      : `<p class="soon">Coming soon.</p>`;
    const bench =
      project === "microfast" && input.benchUrl
        ? `\n<p class="part-note"><a href="${input.benchUrl}">Benchmarks</a>: requests per second of microfast's hello world next to node:http, Fastify, Express and a raw node:net server, with a chart.</p>`
        : "";
    return `<section class="part">
<h2 id="${project}">${escapeHtml(label.title)}</h2>
<p class="part-sub">${escapeHtml(label.subtitle)}</p>
${list}${bench}
</section>`;
  });
  return `<header class="hero">
<h1>${escapeHtml(input.siteTitle)}</h1>
<div class="lead">${input.lead}</div>
<p class="hero-actions">${actions(input, statuses)}</p>
<p class="as-of">${summary(statuses)} As of ${timeTag(input.builtAt)}; <code>${DOCS_COMMAND}</code> refreshes it.</p>
</header>
${parts.join("\n")}`;
}

function chapterCard({ chapter, url }: HomeChapter, status: ChapterStatus): string {
  const stages = `${chapter.stages.length} stage${chapter.stages.length === 1 ? "" : "s"}`;
  return `<li class="chapter-item state-${status.state}"><a href="${url}">
<span class="chapter-num">${escapeHtml(chapter.id)}</span>
<span class="chapter-body"><span class="chapter-title">${escapeHtml(chapter.title)}</span>
<span class="chapter-goal">${escapeHtml(chapter.goal)}</span>
<span class="chapter-meta">about ${chapter.minutes} min · ${stages}</span></span>
${stateBadge(status.state)}</a></li>`;
}

/** The chapter to work on: the one opened last unless it passed, else the first not passed. */
function actions(input: HomeInput, statuses: Map<string, ChapterStatus>): string {
  const current = input.chapters.find((c) => c.chapter.dir === input.progress.current);
  const open = current && statuses.get(current.chapter.dir)?.state !== "passed" ? current : undefined;
  const target = open ?? input.chapters.find((c) => statuses.get(c.chapter.dir)?.state !== "passed");
  const started = [...statuses.values()].some((s) => s.state !== "not-started");
  const buttons: string[] = [];
  if (target) {
    const verb = started ? "Continue with" : "Start with";
    buttons.push(
      `<a class="button primary" href="${target.url}">${verb} ${escapeHtml(target.chapter.id)} · ${escapeHtml(shortTitle(target.chapter))}</a>`,
    );
  }
  if (input.guideUrl) buttons.push(`<a class="button" href="${input.guideUrl}">Read the course guide</a>`);
  return buttons.join(" ");
}

function summary(statuses: Map<string, ChapterStatus>): string {
  const all = [...statuses.values()];
  const passed = all.filter((s) => s.state === "passed").length;
  const inProgress = all.filter((s) => s.state === "in-progress").length;
  if (passed + inProgress === 0)
    return `${all.length} chapter${all.length === 1 ? "" : "s"} ready; you have not started yet.`;
  return `You have passed ${passed} of ${all.length} chapter${all.length === 1 ? "" : "s"}${inProgress ? `, ${inProgress} in progress` : ""}.`;
}

/** "Echo server: TCP from first principles" → "Echo server": short enough for a sidebar. */
export function shortTitle(chapter: SiteChapter): string {
  return chapter.title.split(":")[0]!.trim();
}
