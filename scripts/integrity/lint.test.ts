// The whole tree passes the course's formatter and linter (biome.jsonc): what `pnpm lint` runs.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { ROOT } from "../../shared/course/chapters.ts";

const BIOME = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");

test("the tree is formatted and passes the linter (fix with pnpm format)", async () => {
  const output = await promisify(execFile)(
    process.execPath,
    [BIOME, "check", ".", "--reporter=summary", "--colors=off"],
    { cwd: ROOT },
  )
    .then(() => "")
    .catch((error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`);
  expect(output).toBe("");
});
