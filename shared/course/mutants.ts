// Mutants: small, realistic mistakes planted in a chapter's reference, one at a time. A stage
// that still passes with its mutant in place is a check that cannot fail where it matters.
// Each chapter keeps its table in chapters/NN-slug/tests/mutants.ts; `pnpm test` applies every
// row to a copy of the assembled reference and grades the row's stage, which must fail.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Chapter } from "./chapters.ts";

export interface Mutant {
  /** The stage that must catch it: "02.3". */
  readonly stage: string;
  /** The file to change, as a path inside the assembled reference tree: "src/http/request-parser.ts". */
  readonly file: string;
  /** Text that occurs exactly once in that file… */
  readonly from: string;
  /** …and what it becomes. */
  readonly to: string;
  /** The mistake, as a learner would make it: "accepts a bare LF inside a chunk size". */
  readonly what: string;
}

export function mutantsPath(chapter: Chapter): string {
  return join(chapter.testsDir, "mutants.ts");
}

/** The chapter's mutant table; empty when it has none (the integrity suite says that is not allowed). */
export async function loadMutants(chapter: Chapter): Promise<readonly Mutant[]> {
  const path = mutantsPath(chapter);
  if (!existsSync(path)) return [];
  const module = (await import(pathToFileURL(path).href)) as { MUTANTS?: readonly Mutant[] };
  return module.MUTANTS ?? [];
}

/** Applies one mutant to `source`, or says why it no longer applies. */
export function applyMutant(
  source: string,
  mutant: Mutant,
): { ok: true; text: string } | { ok: false; reason: string } {
  const first = source.indexOf(mutant.from);
  if (first === -1) return { ok: false, reason: `the text to mutate is no longer in ${mutant.file}` };
  if (source.indexOf(mutant.from, first + 1) !== -1)
    return { ok: false, reason: `the text to mutate occurs more than once in ${mutant.file}` };
  return { ok: true, text: source.slice(0, first) + mutant.to + source.slice(first + mutant.from.length) };
}
