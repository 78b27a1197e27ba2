// Mistakes a learner could make in chapter 05, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const TREE = "src/router/radix-tree.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "05.1",
    file: TREE,
    from: "for (let i = 1; i < label.length; i++) if (label[i] !== segments[from + i]) return false;",
    to: "for (let i = 1; i < label.length - 1; i++) if (label[i] !== segments[from + i]) return false;",
    what: "the last segment of a multi-segment edge never compared (off by one)",
  },
  {
    stage: "05.2",
    file: "src/router/path-segments.ts",
    from: "    return decodeURIComponent(segment);",
    to: "    return segment;",
    what: "parameters handed over still percent-encoded",
  },
  {
    stage: "05.3",
    file: "src/router/param-types.ts",
    from: "    if (code < 0x30 || code > 0x39) return undefined;\n",
    to: "",
    what: "{id:int} trusting Number(): 1e3, 0x10 and 1.5 taken as integers",
  },
  {
    stage: "05.4",
    file: TREE,
    from: "    yield* search(edge.node, segments, index + edge.label.length, values);",
    to: "    return yield* search(edge.node, segments, index + edge.label.length, values);",
    what: "no backtracking: a static edge that dead-ends never falls back to a parameter or the wildcard",
  },
  {
    stage: "05.5",
    file: "src/router/routed-handler.ts",
    from: `return { ...response, headers: [...response.headers, ["Allow", match.allow.join(", ")]] };`,
    to: "return response;",
    what: "405 without the Allow field that lists what the path supports",
  },
  {
    stage: "05.6",
    file: "src/router/router.ts",
    from: `(method === "HEAD" ? endpoints.get("GET") : undefined)`,
    to: "undefined",
    what: "HEAD not served by the GET route",
  },
  {
    stage: "05.7",
    file: "src/router/router.ts",
    from: "    if (existing) {",
    to: "    if (existing && existing.route.pattern === pattern) {",
    what: "two routes that differ only in parameter names both accepted",
  },
];
