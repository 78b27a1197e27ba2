// The box under a chapter's title: what the chapter asks for, its stages from chapter.json, and
// where the learner stands, as of the moment the site was built.

import type { Progress } from "../lib/progress.ts";
import { escapeHtml } from "./html.ts";
import { partLabel } from "./parts.ts";
import { type ChapterStatus, chapterStatus, nextCommand, type StageResult } from "./progress-state.ts";
import type { SiteChapter } from "./sources.ts";
import { DOCS_COMMAND, stateBadge, timeTag } from "./templates.ts";

const STAGE_MARKS: Record<StageResult, { mark: string; label: string }> = {
  passed: { mark: "✓", label: "passed" },
  failed: { mark: "✗", label: "failed" },
  skipped: { mark: "–", label: "skipped" },
  "not-run": { mark: "○", label: "not checked yet" },
};

export function chapterPanel(chapter: SiteChapter, progress: Progress, builtAt: Date): string {
  const status = chapterStatus(progress, chapter);
  const services = chapter.services.length ? chapter.services.join(", ") : "none";
  const files = chapter.files.map((f) => `<code>${escapeHtml(f)}</code>`).join(" ");
  return `<section class="chapter-panel state-${status.state}" aria-label="Chapter overview and your progress">
<p class="panel-goal">${escapeHtml(chapter.goal)}</p>
<dl class="facts">
<div><dt>Part</dt><dd>${escapeHtml(partLabel(chapter.project).title)}</dd></div>
<div><dt>Time</dt><dd>about ${chapter.minutes} min</dd></div>
<div><dt>Services</dt><dd>${escapeHtml(services)}</dd></div>
<div><dt>You edit</dt><dd>${files || "—"}</dd></div>
</dl>
<div class="status">${stateBadge(status.state)}<p>${statusLine(status, chapter)}</p></div>
<p class="panel-title">Stages</p>
<ol class="stage-list">
${status.stages.map(({ stage, result }) => `<li class="stage ${result}"><span class="mark" title="${STAGE_MARKS[result].label}" aria-label="${STAGE_MARKS[result].label}">${STAGE_MARKS[result].mark}</span><code class="stage-id">${escapeHtml(stage.id)}</code> <a href="${escapeHtml(stage.readme)}">${escapeHtml(stage.title)}</a> <span class="stage-slug">${escapeHtml(stage.slug)}</span></li>`).join("\n")}
</ol>
<p class="as-of">Your progress as of ${timeTag(builtAt)}, when this page was built. Run <code>${DOCS_COMMAND}</code> again after a check to refresh it.</p>
</section>`;
}

function statusLine(status: ChapterStatus, chapter: SiteChapter): string {
  const next = `<code>${escapeHtml(nextCommand(status, chapter))}</code>`;
  if (status.state === "not-started") return `Start it with ${next}.`;
  if (status.state === "passed") {
    const when = status.passedAt ? ` on ${timeTag(status.passedAt)}` : "";
    return `Every stage passed${when}. Compare with the reference: ${next}.`;
  }
  const checked = status.checkedAt ? ` Last checked ${timeTag(status.checkedAt)}.` : "";
  if (!status.failing)
    return status.checkedAt ? `In progress.${checked} Check again: ${next}.` : `Opened, not checked yet: run ${next}.`;
  const stage = status.failing;
  return `Failing at <a href="${escapeHtml(stage.readme)}"><code>${escapeHtml(`${stage.id} ${stage.slug}`)}</code></a>: ${escapeHtml(stage.title)}.${checked} Stuck? ${next}.`;
}
