// Every starter (as the learner receives it) and every solution compiles under the course's
// strict tsconfig, and so do the course's own tools.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { loadChapters, ROOT, stateDir } from "../../shared/course/chapters.ts";
import { referenceTree, starterTree } from "../../shared/course/trees.ts";

const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

async function tsc(project: string): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [TSC, "--noEmit", "-p", project], { cwd: ROOT });
    return "";
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? String(error);
  }
}

test("every starter and every solution type-checks", async () => {
  const roots = loadChapters().flatMap((c) => [referenceTree(c), starterTree(c)]);
  const dir = join(stateDir(), "typecheck");
  mkdirSync(dir, { recursive: true });
  const config = join(dir, "tsconfig.json");
  // One compiler run for all trees: each tree imports only itself, so they do not interfere.
  writeFileSync(
    config,
    JSON.stringify({ extends: join(ROOT, "tsconfig.json"), include: roots.map((r) => join(r, "**/*.ts")) }, null, 2),
  );
  expect(await tsc(config)).toBe("");
});

test("the course's own scripts and shared code type-check", async () => {
  expect(await tsc(join(ROOT, "tsconfig.json"))).toBe("");
});
