// Runs one of the course's scripts as a learner's shell would (`node tsx scripts/x.ts …`) and
// collects what it printed. Asynchronous on purpose: a test that waited synchronously would stop
// its vitest worker from answering vitest, and on a busy machine a few commands in a row (a
// grading among them) outlast the minute vitest waits for an answer before it reports an error.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { ROOT } from "../../shared/course/chapters.ts";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");

export interface ScriptResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `script` (a path) with `args` in `env`, with an empty standard input, from the course root. */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, script, ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}
