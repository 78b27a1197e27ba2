// Where the code under grade lives. The grader sets TRILOGY_TARGET_DIR to the learner's copy,
// the reference solution or the materialized starter; the same test file grades all three.
import { isAbsolute, join } from "node:path";

export function targetDir(): string {
  const dir = process.env.TRILOGY_TARGET_DIR;
  if (!dir || !isAbsolute(dir)) {
    throw new Error("TRILOGY_TARGET_DIR is not set: run checks with `pnpm check NN`, not vitest directly");
  }
  return dir;
}

/** A path inside the tree under grade, e.g. labPath("src/echo/main.ts"). */
export function labPath(relative: string): string {
  return join(targetDir(), relative);
}
