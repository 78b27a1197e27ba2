// A stage graded by the TypeScript compiler (13.6, and 17.4 after it). The compiler reads a
// chapter's fixtures, which import the tree under check, with the course's strict settings. Each
// fixture must compile without a single error: a line marked `// @ts-expect-error` that
// compiles is an error of its own (TS2578, an unused directive), so every marked line must be
// refused, and every other line — correct use, and `expectType(x).toBe<T>()`, which compiles
// only when x's type is exactly T — must be accepted. Types that degrade to `any` or `unknown`
// fail both ways.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { targetDir } from "../../../shared/check/lab.ts";
import { stage } from "../../../shared/check/stage.ts";
import { ROOT } from "../../../shared/course/chapters.ts";

/** TS2578: "Unused '@ts-expect-error' directive", the line below it compiled. */
const UNUSED_EXPECT_ERROR = 2578;

/** [fixture, what it proves, a hint for a failure in it]. */
export type TypeFixture = [file: string, what: string, hint: string];

interface Problem {
  line: number;
  text: string;
  message: string;
  unusedDirective: boolean;
}

/** Compiles every fixture in one program, against the tree under check; the problems of each fixture. */
function compileFixtures(dir: string, fixtures: readonly TypeFixture[]): Map<string, Problem[]> {
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram(
    fixtures.map(([file]) => join(dir, file)),
    {
      ...options,
      noEmit: true,
      // The fixtures import the tree as @lab/…, as the checks do. A tree outside the course
      // folder (a copy being graded) finds the course's type definitions here.
      paths: { "@lab/*": [join(targetDir(), "*")], pg: [join(ROOT, "node_modules/@types/pg/index.d.ts")] },
      typeRoots: [join(ROOT, "node_modules/@types")],
    },
  );
  const compiled = new Map<string, Problem[]>();
  for (const [file] of fixtures) {
    const source = program.getSourceFile(join(dir, file));
    if (!source) throw new Error(`the compiler did not read ${file}`);
    const lines = readFileSync(join(dir, file), "utf8").split("\n");
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    compiled.set(
      file,
      diagnostics.map((diagnostic) => {
        const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
        const unusedDirective = diagnostic.code === UNUSED_EXPECT_ERROR;
        return {
          line: line + 1,
          // For an unused directive, the line it stands above is the one that compiled.
          text: `${(unusedDirective ? `${lines[line]?.trim()}  →  ${lines[line + 1]?.trim()}` : lines[line]?.trim()) ?? ""}`,
          message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n").split("\n")[0] ?? "",
          unusedDirective,
        };
      }),
    );
  }
  return compiled;
}

/**
 * Stage `id`: one check per fixture in `fixturesDir` (a folder inside the course, e.g.
 * "chapters/13-models-and-fields/tests/fixtures/types"). The fixtures are compiled once, together.
 */
export function typeStage(id: string, fixturesDir: string, fixtures: readonly TypeFixture[]): void {
  let compiled: Map<string, Problem[]> | undefined;
  stage(id, () => {
    for (const [file, what, hint] of fixtures) {
      test(what, () => {
        compiled ??= compileFixtures(join(ROOT, fixturesDir), fixtures);
        const problems = compiled.get(file) ?? [];
        if (problems.length === 0) return;
        const compiledWrongly = problems.filter((p) => p.unusedDirective);
        const refused = problems.filter((p) => !p.unusedDirective);
        throw new CheckFailure(`${file}: ${problems.length} line(s) the compiler judged otherwise than expected`, {
          sent: `tsc over ${fixturesDir}/${file}, importing your tree`,
          expected: "every line marked @ts-expect-error refused, every other line accepted",
          received: [
            ...compiledWrongly.map((p) => `line ${p.line} compiles but must not: ${p.text}`),
            ...refused.map((p) => `line ${p.line} must compile but does not: ${p.text}\n       ${p.message}`),
          ].join("\n     "),
          hint,
        });
      });
    }
  });
}
