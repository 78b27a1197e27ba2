// The report a learner reads when a check fails is part of the product: it is snapshot-tested
// on a deliberately broken copy of the chapter 01 solution, and on the untouched starter.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { grade } from "../shared/check/grade.ts";
import { formatReport } from "../shared/check/report.ts";
import { findChapter, ROOT } from "../shared/course/chapters.ts";
import { copyTree, referenceTree } from "../shared/course/trees.ts";

const chapter = findChapter("01")!;

/** Ports, temporary paths and colours change from run to run; the words must not. */
function normalise(report: string, dir: string): string {
  return report
    .replace(/\x1b\[[0-9;]*m/g, "")
    .replaceAll(dir, "<copy>")
    .replaceAll(ROOT, "<root>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/grading .*\n/, "grading <copy>\n");
}

test("a wrong reply shows the stage, the bytes sent, expected and received, a hint and the lesson", async () => {
  const dir = mkdtempSync(join(tmpdir(), "trilogy-broken-"));
  copyTree(referenceTree(chapter), dir);
  const file = join(dir, "src/echo/commands.ts");
  writeFileSync(file, readFileSync(file, "utf8").replace('reply("+PONG")', 'reply("PONG")'));
  const result = await grade(chapter, { target: { dir } });
  await expect(normalise(formatReport(result, chapter), dir)).toMatchFileSnapshot(
    "__snapshots__/report-wrong-reply.txt",
  );
});

test("the untouched starter: the server exits, and the report says so with its output", async () => {
  const result = await grade(chapter, { target: "starter", only: "01.1" });
  const report = normalise(formatReport(result, chapter), result.target);
  await expect(report).toMatchFileSnapshot("__snapshots__/report-starter.txt");
});
