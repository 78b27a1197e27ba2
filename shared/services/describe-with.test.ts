// What a suite or a graded stage does when it needs a service: run with it, skip with the
// one-line reason where the machine lacks it, or fail under CI. And how the report says so.
import { describe, expect, test } from "vitest";
import { formatReport, skipReasons, summaryLine } from "../check/report.ts";
import { type GradeResult, SKIPPED_PREFIX } from "../check/result.ts";
import { findChapter } from "../course/chapters.ts";
import { acquireOrSkip } from "./describe-with.ts";
import { ServiceUnavailableError } from "./service-unavailable.ts";

const HINT = "postgres is not available: install PostgreSQL 15+ (apt-get install postgresql) — skipping its checks";
const missing = (fatal: boolean) => () => Promise.reject(new ServiceUnavailableError("postgres", HINT, fatal));

describe("acquireOrSkip", () => {
  test("hands over every service when all can be had", async () => {
    const reasons: string[] = [];
    const got = await acquireOrSkip([() => Promise.resolve("pg"), () => Promise.resolve(6379)], (r) => reasons.push(r));
    expect(got).toEqual(["pg", 6379]);
    expect(reasons).toEqual([]);
  });

  test("locally, a missing service skips with its one-line reason", async () => {
    const reasons: string[] = [];
    expect(
      await acquireOrSkip([() => Promise.resolve("redis"), missing(false)], (r) => reasons.push(r)),
    ).toBeUndefined();
    expect(reasons).toEqual([HINT]);
  });

  test("under CI, a missing service is an error, never a skip", async () => {
    await expect(acquireOrSkip([missing(true)], () => undefined)).rejects.toThrow(HINT);
  });

  test("any other failure is an error, never a skip", async () => {
    await expect(acquireOrSkip([() => Promise.reject(new Error("bad password"))], () => undefined)).rejects.toThrow(
      "bad password",
    );
  });
});

describe("the report of a run with stages skipped for a missing service", () => {
  const chapter = findChapter("01")!;
  const [first, second, third] = chapter.stages;
  const skipped = { name: `${SKIPPED_PREFIX}${HINT}`, state: "skipped" as const };
  const result: GradeResult = {
    chapter: chapter.dir,
    target: "solutions/01-echo-server",
    stages: [
      { ...first!, chapter: chapter.dir, state: "passed", tests: [{ name: "accepts", state: "passed" }] },
      { ...second!, chapter: chapter.dir, state: "skipped", tests: [skipped] },
      { ...third!, chapter: chapter.dir, state: "skipped", tests: [skipped] },
    ],
    fileErrors: [],
    unhandledErrors: [],
    passed: 1,
    failed: 0,
  };

  test("says once what to install, and counts the skipped stages", () => {
    expect(skipReasons(result)).toEqual([HINT]);
    const report = formatReport(result, chapter).replace(/\x1b\[[0-9;]*m/g, "");
    expect(report.split(`skipped: ${HINT}`)).toHaveLength(2);
    expect(summaryLine(result)).toBe("1 passed, 0 failed, 2 skipped");
  });
});
