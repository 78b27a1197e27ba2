import type { Mutant } from "../../../shared/course/mutants.ts";

export const MUTANTS: Mutant[] = [];
