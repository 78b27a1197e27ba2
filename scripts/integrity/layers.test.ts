// The project's layers point one way. The course model (shared/course) sits below the grader
// (shared/check) and the services (shared/services); the CLI (scripts/) stands on all of them.
// Chapters' checks use shared/ only, and nothing reads solutions/ by path: whole trees come
// from shared/course/trees.ts.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect, test } from "vitest";
import { ROOT } from "../../shared/course/chapters.ts";
import { listFiles } from "../../shared/course/trees.ts";

interface Import {
  from: string;
  to: string;
}

/** Every relative import of the TypeScript and JavaScript files under `folder`, as root-relative paths. */
function importsUnder(folder: string): Import[] {
  const out: Import[] = [];
  for (const file of listFiles(join(ROOT, folder)).filter((f) => /\.(ts|mjs|js)$/.test(f))) {
    const path = join(ROOT, folder, file);
    const text = readFileSync(path, "utf8");
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)) {
      out.push({ from: relative(ROOT, path), to: relative(ROOT, resolve(dirname(path), match[1]!)) });
    }
  }
  return out;
}

const into = (imports: Import[], prefix: string) =>
  imports.filter((i) => i.to.startsWith(prefix)).map((i) => `${i.from} → ${i.to}`);

test("nothing under shared/ imports scripts/ (the grader and the services stand below the CLI)", () => {
  expect(into(importsUnder("shared"), "scripts/")).toEqual([]);
});

test("the course model (shared/course) imports neither the grader nor the services", () => {
  const imports = importsUnder("shared/course");
  expect([...into(imports, "shared/check/"), ...into(imports, "shared/services/")]).toEqual([]);
});

test("chapters' checks import shared/ only, never scripts/ or solutions/", () => {
  const imports = importsUnder("chapters");
  expect([...into(imports, "scripts/"), ...into(imports, "solutions/")]).toEqual([]);
});

test("no course code imports solutions/ by path (trees are assembled by shared/course/trees.ts)", () => {
  expect([...into(importsUnder("scripts"), "solutions/"), ...into(importsUnder("shared"), "solutions/")]).toEqual([]);
});
