// `pnpm hint NN`: the next rung of the hint ladder (nudge → approach → near-code) for the
// first stage that failed in the last check.
import pc from "picocolors";
import { findChapter, stageLabel } from "../shared/course/chapters.ts";
import { chapterArg, main, parse } from "./lib/cli.ts";
import { chapterProgress, updateProgress } from "./lib/progress.ts";

const USAGE = "pnpm hint [chapter]";

await main(() => {
  const { positionals } = parse(USAGE, {});
  const chapter = chapterArg(positionals[0], USAGE, true);
  let out = "";
  updateProgress((progress) => {
    const entry = chapterProgress(progress, chapter.dir);
    if (entry.state === "passed") {
      out = `Chapter ${chapter.id} passes every stage. Compare with the reference: pnpm diff ${chapter.id}\n`;
      return;
    }
    const stageId = entry.failing ?? chapter.stages[0]?.id;
    const stage =
      chapter.stages.find((s) => s.id === stageId) ??
      findChapter(stageId?.slice(0, 2) ?? "")?.stages.find((s) => s.id === stageId);
    if (!stage) return;
    const shown = entry.hintsShown[stage.id] ?? 0;
    const rung = Math.min(shown, stage.hints.length - 1);
    entry.hintsShown[stage.id] = rung + 1;
    const header = `${pc.bold(stageLabel(stage))} ${stage.title}`;
    const origin = entry.failing
      ? ""
      : pc.dim(`(no failing check recorded yet: run pnpm check ${chapter.id}; here is the first stage)\n`);
    const next =
      rung + 1 < stage.hints.length
        ? pc.dim(`run pnpm hint ${chapter.id} again for the next hint (${rung + 2}/${stage.hints.length})`)
        : pc.dim(
            `that was the last hint; the lesson section is ${chapter.readmePath.split("/").slice(-3).join("/")}${stage.readme}`,
          );
    out = `${origin}${header}\nhint ${rung + 1}/${stage.hints.length}: ${stage.hints[rung]}\n${next}\n`;
  });
  process.stdout.write(out);
});
