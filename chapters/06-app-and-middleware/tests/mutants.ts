// Mistakes a learner could make in chapter 06, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "06.1",
    file: "src/microfast/return-value.ts",
    from: `  if (typeof value === "string") return Response.text(value);\n`,
    to: "",
    what: "a returned string sent as JSON instead of text/plain",
  },
  {
    stage: "06.2",
    file: "src/microfast/request.ts",
    from: `return values.length > 0 ? values.join(wanted === "cookie" ? "; " : ", ") : undefined;`,
    to: "return values[0];",
    what: "request.header() giving only the first of a field's repeated lines",
  },
  {
    stage: "06.3",
    file: "src/microfast/middleware.ts",
    from: "      if (called)\n        return Promise.reject(",
    to: "      if (called && index < 0)\n        return Promise.reject(",
    what: "next() called twice runs the inner layers and the handler twice",
  },
  {
    stage: "06.4",
    file: "src/microfast/error-handling.ts",
    from: `return Response.json({ detail: "Internal Server Error" }, { status: 500 });`,
    to: "return Response.json({ detail: String(error) }, { status: 500 });",
    what: "a 500 that tells the client the error's message",
  },
  {
    stage: "06.5",
    file: "src/microfast/form-urlencoded.ts",
    from: `const plain = text.replaceAll("+", " ");`,
    to: "const plain = text;",
    what: '"+" in a form or query string kept as a plus, not read as a space',
  },
  {
    stage: "06.6",
    file: "src/microfast/validate.ts",
    from: "if (schema.minimum !== undefined && value < schema.minimum) {",
    to: "if (schema.minimum !== undefined && value <= schema.minimum) {",
    what: "a value equal to the minimum refused (off by one)",
  },
  {
    stage: "06.7",
    file: "src/microfast/openapi.ts",
    from: `return pattern.replace(/\\{([^}:]+):[^}]+\\}/g, "{$1}");`,
    to: "return pattern;",
    what: "OpenAPI paths written with the router's types, /users/{id:int} instead of /users/{id}",
  },
];
