import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeBatch } from "../shared/check/grade.ts";
import { loadChapters } from "../shared/course/chapters.ts";
import { applyMutant, loadMutants } from "../shared/course/mutants.ts";
import { copyTree, referenceTree } from "../shared/course/trees.ts";

for (const id of process.argv.slice(2)) {
  const chapter = loadChapters().find((c) => c.id === id)!;
  const mutants = await loadMutants(chapter);
  const scratch = mkdtempSync(join(tmpdir(), "mb-"));
  for (const [i, m] of mutants.entries()) {
    const dir = join(scratch, `mutant-${i}`);
    copyTree(referenceTree(chapter), dir);
    const p = join(dir, m.file);
    const a = applyMutant(existsSync(p) ? readFileSync(p, "utf8") : "", m);
    if (a.ok) writeFileSync(p, a.text);
    const t = performance.now();
    const r = await gradeBatch(chapter, [{ name: "m", dir, only: m.stage }], {
      regressions: false,
      firstFailure: true,
      workers: 1,
    });
    const s = r.get("m")?.stages.find((x) => x.id === m.stage)?.state;
    console.log(`${id}\t${m.stage}\t${((performance.now() - t) / 1000).toFixed(1)}\t${s}\t${m.what.slice(0, 70)}`);
  }
}
