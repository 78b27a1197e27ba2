import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import type { Progress } from "../lib/progress.ts";
import { chapterPanel } from "./chapter-panel.ts";
import { chapterStatus, formatTime, nextCommand } from "./progress-state.ts";
import { readCourse } from "./sources.ts";

const COURSE = fileURLToPath(new URL("./fixtures/course/", import.meta.url));
const PROGRESS = JSON.parse(readFileSync(`${COURSE}progress.json`, "utf8")) as Progress;
const [alpha, beta, gamma] = readCourse(COURSE).chapters;
const BUILT_AT = new Date("2026-11-22T08:15:00Z");

describe("a chapter's state, from the progress file", () => {
  test("a chapter missing from the file is not started, every stage unchecked", () => {
    const status = chapterStatus(PROGRESS, gamma!);
    expect(status.state).toBe("not-started");
    expect(status.stages.map((s) => s.result)).toEqual(["not-run"]);
    expect(nextCommand(status, gamma!)).toBe("pnpm lab 11");
  });

  test("in progress names the first failing stage", () => {
    const status = chapterStatus(PROGRESS, beta!);
    expect(status.state).toBe("in-progress");
    expect(status.failing?.id).toBe("02.2");
    expect(status.stages.map((s) => s.result)).toEqual(["passed", "failed", "failed"]);
    expect(nextCommand(status, beta!)).toBe("pnpm hint 02");
  });

  test("in progress without a check yet asks for one", () => {
    const opened: Progress = {
      version: 1,
      chapters: { "02-beta": { state: "in-progress", stages: {}, hintsShown: {} } },
    };
    const status = chapterStatus(opened, beta!);
    expect(status.failing).toBeUndefined();
    expect(nextCommand(status, beta!)).toBe("pnpm check 02");
  });

  test("passed offers the comparison with the reference", () => {
    const status = chapterStatus(PROGRESS, alpha!);
    expect(status.state).toBe("passed");
    expect(status.failing).toBeUndefined();
    expect(nextCommand(status, alpha!)).toBe("pnpm diff 01");
  });
});

describe("the chapter panel", () => {
  test("lists every stage of chapter.json with its result and the section to read", () => {
    const html = chapterPanel(beta!, PROGRESS, BUILT_AT);
    const stages = [
      ...html.matchAll(
        /<li class="stage (\w[\w-]*)">.*?<code class="stage-id">([\d.]+)<\/code> <a href="([^"]+)">([^<]+)<\/a>/g,
      ),
    ];
    expect(stages.map((m) => [m[1], m[2], m[3], m[4]])).toEqual([
      ["passed", "02.1", "#the-spec-you-will-implement", "Reads the method"],
      ["failed", "02.2", "#the-spec-you-will-implement", "Reads the target"],
      ["failed", "02.3", "#the-spec-you-will-implement", "Reads the version"],
    ]);
  });

  test("says in progress, the failing stage and the next command", () => {
    const html = chapterPanel(beta!, PROGRESS, BUILT_AT);
    expect(html).toContain(`<span class="badge in-progress">In progress</span>`);
    expect(html).toContain("<code>02.2 target</code></a>: Reads the target.");
    expect(html).toContain("<code>pnpm hint 02</code>");
  });

  test("says not started with the command that starts it", () => {
    const html = chapterPanel(gamma!, PROGRESS, BUILT_AT);
    expect(html).toContain(`<span class="badge not-started">Not started</span>`);
    expect(html).toContain("Start it with <code>pnpm lab 11</code>.");
    expect(html).toContain("postgres");
  });

  test("says passed, and when", () => {
    const html = chapterPanel(alpha!, PROGRESS, BUILT_AT);
    expect(html).toContain(`<span class="badge passed">Passed</span>`);
    expect(html).toContain(
      `Every stage passed on <time datetime="2026-11-20T10:00:00.000Z">${formatTime("2026-11-20T10:00:00.000Z")}</time>`,
    );
  });

  test("states when the progress was read: the site is static", () => {
    const html = chapterPanel(alpha!, PROGRESS, BUILT_AT);
    expect(html).toContain(
      `Your progress as of <time datetime="2026-11-22T08:15:00.000Z">${formatTime(BUILT_AT)}</time>`,
    );
    expect(html).toContain("Run <code>pnpm run docs</code> again");
  });

  test("escapes what comes from chapter.json", () => {
    const html = chapterPanel({ ...gamma!, goal: "Use <script> & friends" }, PROGRESS, BUILT_AT);
    expect(html).toContain("Use &lt;script&gt; &amp; friends");
  });
});

test("times read as a date and a time; a value that is no date is shown as it is", () => {
  expect(formatTime("2026-11-20T10:00:00.000Z")).toMatch(/^\d{1,2} Nov 2026, \d\d:\d\d$/);
  expect(formatTime("yesterday")).toBe("yesterday");
});
