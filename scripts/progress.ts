// `pnpm progress`: every chapter's state, with a bar per part.
import pc from "picocolors";
import { loadChapters, PART_TITLES, PROJECTS } from "../shared/course/chapters.ts";
import { main, parse } from "./lib/cli.ts";
import { readProgress } from "./lib/progress.ts";

const USAGE = "pnpm progress";
const BAR_WIDTH = 20;

await main(() => {
  parse(USAGE, {});
  const progress = readProgress();
  const chapters = loadChapters();
  const lines: string[] = [];
  for (const project of PROJECTS) {
    const own = chapters.filter((c) => c.project === project);
    lines.push(pc.bold(PART_TITLES[project]));
    if (own.length === 0) {
      lines.push(pc.dim("  no chapters yet"), "");
      continue;
    }
    const passed = own.filter((c) => progress.chapters[c.dir]?.state === "passed").length;
    const filled = Math.round((passed / own.length) * BAR_WIDTH);
    const bar = pc.green("█".repeat(filled)) + pc.dim("░".repeat(BAR_WIDTH - filled));
    lines.push(`  ${bar} ${passed}/${own.length} chapters passed`);
    for (const c of own) {
      const entry = progress.chapters[c.dir];
      const state = entry?.state ?? "not-started";
      const mark = state === "passed" ? pc.green("✓") : state === "in-progress" ? pc.yellow("◐") : pc.dim("·");
      const detail =
        state === "passed"
          ? "passed"
          : state === "in-progress"
            ? `in progress${entry?.failing ? `, failing ${entry.failing}` : ""}`
            : pc.dim("not started");
      const current = progress.current === c.dir ? pc.cyan("  ← current") : "";
      lines.push(`  ${mark} ${c.id} ${c.slug.padEnd(24)} ${detail}${current}`);
    }
    lines.push("");
  }
  process.stdout.write(lines.join("\n"));
});
