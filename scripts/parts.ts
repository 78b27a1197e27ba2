// `pnpm parts`: assemble the newest reference of each part and point @trilogy/<part> at it
// (.cache/parts/<part>), for editors and `tsc`. The course's commands do this themselves.
import { newestChapter, PROJECTS } from "../shared/course/chapters.ts";
import { publishPart } from "../shared/course/parts.ts";
import { main, parse } from "./lib/cli.ts";

await main(() => {
  parse("pnpm parts", {});
  for (const project of PROJECTS) {
    if (!newestChapter(project)) continue;
    process.stdout.write(`@trilogy/${project} → ${publishPart(project)}\n`);
  }
});
