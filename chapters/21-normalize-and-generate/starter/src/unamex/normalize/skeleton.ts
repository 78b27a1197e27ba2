// UTS #39 §4: two strings are confusable when their skeletons are equal. The skeleton of X is
// NFD(X), each character replaced by its prototype (confusables.ts), then NFD again: the
// prototypes may themselves decompose. Decomposing first lets "é" (U+00E9) keep its accent as a
// separate mark, so it stays apart from "e" while its base letter is compared.
//
// A skeleton is a key for looking names up, never a name to show or to store as the name: it
// folds look-alikes onto one arbitrary representative ("m" becomes "rn").
import { CONFUSABLES } from "./confusables.ts";

/** The skeleton of a name already normalized by the policy (so already case-folded). */
export function skeleton(name: string): string {
  // TODO(21): NFD, each code point replaced by CONFUSABLES.get(char) ?? char, NFD again.
  throw new Error("TODO(21): skeleton() is not implemented");
}

/** True when two normalized names look alike: one of them should not be registered beside the other. */
export function confusable(a: string, b: string): boolean {
  // TODO(21): equal skeletons.
  throw new Error("TODO(21): confusable() is not implemented");
}
