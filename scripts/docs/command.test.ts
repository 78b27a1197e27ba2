// `pnpm run docs` used wrongly: one line saying what is wrong, the usage line, exit 2, nothing built.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect, test } from "vitest";
import { ROOT } from "../../shared/course/chapters.ts";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");

function docs(...args: string[]): Promise<{ code: number | null; err: string[] }> {
  const child = spawn(process.execPath, [TSX, join(ROOT, "scripts", "docs.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, err: stderr.trim().split("\n") })));
}

// Each case starts its own process; running them side by side keeps the file fast.
test.concurrent.each([
  [["--nope"], /^Unknown option '--nope'/],
  [["--port", "http"], /^--port must be a number from 0 to 65535$/],
  [["--port", "70000"], /^--port must be a number from 0 to 65535$/],
  [["site"], /^unexpected argument "site"$/],
])("pnpm run docs %j: what is wrong and the usage, exit 2", async (args, message) => {
  const { code, err } = await docs(...args);
  expect(code).toBe(2);
  expect(err).toHaveLength(2);
  expect(err[0]).toMatch(message);
  expect(err[1]).toBe("usage: pnpm run docs [--port N] [--no-serve]");
});
