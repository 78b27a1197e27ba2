// Stage 17.4: types inferred from the relations. The TypeScript compiler reads the fixtures in
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

const FIXTURES = join(ROOT, "chapters/17-relations/tests/fixtures/types");

/** TS2578: "Unused '@ts-expect-error' directive", the line below it compiled. */
const UNUSED_EXPECT_ERROR = 2578;

/** [fixture, what it proves, a hint for a failure in it]. */
const FIXTURES_TABLE: [string, string, string][] = [
  [
    "inferred.ts",
    "infers what each relation loads: a post's author is a User, a nullable one User | null, a list Tag[] or Post[]",
    "RelationValue<M, R> infers the target T from BelongsTo<T, K>, HasMany<T, K> or ManyToMany<T> and gives InstanceType<T> (| null when the owner's field K is nullable) or InstanceType<T>[]. of() returns LazyRelations<M, D>; load() returns Loaded<M, D, N[number]>[].",
  ],
  [
    "names.ts",
    "refuses a relation that was not declared: a typo, another model's relation, one not loaded",
    "of() is a mapped type over the keys of the declaration D (not an index signature); load()'s names are (keyof D & string)[]; Loaded adds only the relations named.",
  ],
  [
    "declarations.ts",
    "refuses a foreign key field the model lacks, a relation named like a field, and a key of the wrong type",
    "The builders are typed with the owner M: belongsTo's K extends keyof SchemaOf<M>, hasMany's K extends keyof SchemaOf<T>. relations() takes D & NotAField<M, D>. references() ends with a rest parameter that is a message type when the field's type is not KeyValue of the target.",
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

stage("17.4", () => {
  for (const [file, what, hint] of FIXTURES_TABLE) {
    test(what, () => {
      const problems = compileFixtures().get(file) ?? [];
      if (problems.length === 0) return;
      const compiledWrongly = problems.filter((p) => p.unusedDirective);
      const refused = problems.filter((p) => !p.unusedDirective);
      throw new CheckFailure(`${file}: ${problems.length} line(s) the compiler judged otherwise than expected`, {
        sent: `tsc over chapters/17-relations/tests/fixtures/types/${file}, importing your tree`,
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
