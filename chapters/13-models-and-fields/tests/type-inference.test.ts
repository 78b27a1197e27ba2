// Stage 13.6: types inferred from the declarations. The TypeScript compiler reads the fixtures in
// fixtures/types/, which import the tree under check, with the course's strict settings. Each
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

const FIXTURES = join(ROOT, "chapters/13-models-and-fields/tests/fixtures/types");

/** TS2578: "Unused '@ts-expect-error' directive", the line below it compiled. */
const UNUSED_EXPECT_ERROR = 2578;

/** [fixture, what it proves, a hint for a failure in it]. */
const FIXTURES_TABLE: [string, string, string][] = [
  [
    "inferred.ts",
    "infers exact types: each field's value, null where nullable, the class's instances from every query",
    "Row<S> maps each property to ValueOf<S[P]>; ValueOf reads T from Field<T, O> and adds null when O says nullable: true. Statics take `this: M` and return InstanceType<M>.",
  ],
  [
    "column-names.ts",
    "refuses a column the model does not declare: a typo, a column's own name, another model's column",
    "The class's static columns are a mapped type over the schema's keys: ColumnRefs<S> = { [P in keyof S]: Column<ValueOf<S[P]>, …> }, not an index signature.",
  ],
  [
    "values.ts",
    "refuses a value of the wrong type for a field: assigned, given to create(), compared, used as a key",
    "The instance's properties, create()'s input, each Column's T and find()'s key all come from ValueOf of the field.",
  ],
  [
    "create-input.ts",
    "refuses an unknown field, a missing required one and a generated one in create(); a primary key cannot be assigned",
    "CreateInput<S>: required for fields with no default that are not nullable, optional (?) for the others, generated ones left out. Row<S>: readonly for the key.",
  ],
  [
    "declarations.ts",
    "refuses a field named like a member every model has, and Model's statics on Model itself",
    "Model.table's schema parameter is S & Unreserved<S>: a property named like a static of Model, a member of an instance or of Function gets a type no field has.",
  ],
];

interface Problem {
  line: number;
  text: string;
  message: string;
  unusedDirective: boolean;
}

let compiled: Map<string, Problem[]> | undefined;

/** Compiles every fixture in one program, against the tree under check; the problems of each fixture. */
function compileFixtures(): Map<string, Problem[]> {
  if (compiled) return compiled;
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram(
    FIXTURES_TABLE.map(([file]) => join(FIXTURES, file)),
    {
      ...options,
      noEmit: true,
      // The fixtures import the tree as @lab/…, as the checks do. A tree outside the course
      // folder (a copy being graded) finds the course's type definitions here.
      paths: { "@lab/*": [join(targetDir(), "*")], pg: [join(ROOT, "node_modules/@types/pg/index.d.ts")] },
      typeRoots: [join(ROOT, "node_modules/@types")],
    },
  );
  compiled = new Map();
  for (const [file] of FIXTURES_TABLE) {
    const source = program.getSourceFile(join(FIXTURES, file));
    if (!source) throw new Error(`the compiler did not read ${file}`);
    const lines = readFileSync(join(FIXTURES, file), "utf8").split("\n");
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

stage("13.6", () => {
  for (const [file, what, hint] of FIXTURES_TABLE) {
    test(what, () => {
      const problems = compileFixtures().get(file) ?? [];
      if (problems.length === 0) return;
      const compiledWrongly = problems.filter((p) => p.unusedDirective);
      const refused = problems.filter((p) => !p.unusedDirective);
      throw new CheckFailure(`${file}: ${problems.length} line(s) the compiler judged otherwise than expected`, {
        sent: `tsc over chapters/13-models-and-fields/tests/fixtures/types/${file}, importing your tree`,
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
