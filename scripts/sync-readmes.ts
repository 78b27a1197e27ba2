// `pnpm sync-readmes`: rewrites the stage table of every chapter README from chapter.json, and
// its table of the files the chapter touches from the overlays.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { loadChapters, ROOT } from "../shared/course/chapters.ts";
import { withFilesBlock, withStagesBlock } from "../shared/course/readme-contract.ts";
import { main, parse } from "./lib/cli.ts";

await main(() => {
  parse("pnpm sync-readmes", {});
  let missing = 0;
  for (const chapter of loadChapters()) {
    const name = relative(ROOT, chapter.readmePath);
    if (!existsSync(chapter.readmePath)) {
      process.stderr.write(
        `${name}: missing: write the lesson first (the sections it needs are REQUIRED_SECTIONS in shared/course/readme-contract.ts)\n`,
      );
      missing++;
      continue;
    }
    const readme = readFileSync(chapter.readmePath, "utf8");
    const staged = withStagesBlock(readme, chapter);
    const updated = staged === undefined ? undefined : withFilesBlock(staged, chapter);
    if (updated === undefined) {
      process.stderr.write(`${name}: no stages:begin/stages:end markers in its ## Stages section\n`);
      missing++;
    } else if (updated !== readme) {
      writeFileSync(chapter.readmePath, updated);
      process.stdout.write(`${name}: stage and file tables updated\n`);
    }
  }
  return missing ? 1 : 0;
});
