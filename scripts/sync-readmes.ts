// `pnpm sync-readmes`: rewrites the stage table of every chapter README from chapter.json.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { main, parse } from "./lib/cli.ts";
import { ROOT, loadChapters } from "./lib/course.ts";
import { withStagesBlock } from "./lib/readme.ts";

await main(() => {
  parse("pnpm sync-readmes", {});
  let missing = 0;
  for (const chapter of loadChapters()) {
    const name = relative(ROOT, chapter.readmePath);
    if (!existsSync(chapter.readmePath)) {
      process.stderr.write(`${name}: missing: write the lesson first (the sections it needs are REQUIRED_SECTIONS in scripts/lib/readme.ts)\n`);
      missing++;
      continue;
    }
    const readme = readFileSync(chapter.readmePath, "utf8");
    const updated = withStagesBlock(readme, chapter);
    if (updated === undefined) {
      process.stderr.write(`${name}: no stages:begin/stages:end markers in its ## Stages section\n`);
      missing++;
    } else if (updated !== readme) {
      writeFileSync(chapter.readmePath, updated);
      process.stdout.write(`${name}: stage table updated\n`);
    }
  }
  return missing ? 1 : 0;
});
