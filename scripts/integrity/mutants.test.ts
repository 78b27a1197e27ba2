// A check that cannot fail proves nothing. Each row breaks the chapter 01 solution in one
// small, realistic way; the stage that guards that behaviour must catch it.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { findChapter } from "../../shared/course/chapters.ts";
import { grade } from "../../shared/check/grade.ts";
import { referenceTree } from "../../shared/course/trees.ts";

interface Mutant {
  stage: string;
  file: string;
  from: string;
  to: string;
  what: string;
}

const MUTANTS: Mutant[] = [
  { stage: "01.1", file: "src/echo/echo-server.ts", from: 'socket.on("error", () => {});', to: "", what: "no 'error' listener" },
  { stage: "01.2", file: "src/echo/commands.ts", from: ".toUpperCase()", to: "", what: "case-sensitive command names" },
  { stage: "01.3", file: "src/echo/commands.ts", from: '? "_" :', to: '? "+" :', what: "wrong null reply" },
  { stage: "01.4", file: "src/echo/line-splitter.ts", from: "if (buffer.length > this.maxLineBytes) throw new LineTooLongError(this.maxLineBytes);", to: "", what: "no line-length limit" },
  { stage: "01.5", file: "src/echo/line-splitter.ts", from: "this.pending = Buffer.from(buffer);", to: "this.pending = Buffer.alloc(0);", what: "partial lines dropped" },
  {
    stage: "01.6",
    file: "src/echo/echo-server.ts",
    from: "return createServer({ allowHalfOpen: true }, (socket) => serveConnection(socket, store));",
    to: "const server = createServer({ allowHalfOpen: true }, (socket) => serveConnection(socket, store));\n  server.maxConnections = 50;\n  return server;",
    what: "at most 50 connections",
  },
  { stage: "01.7", file: "src/echo/echo-server.ts", from: "if (socket.write(text) || socket.isPaused()) return;", to: "socket.write(text);\n    return;", what: "no backpressure" },
  { stage: "01.8", file: "src/echo/echo-server.ts", from: "if (last !== undefined) run(last);", to: "", what: "the last unterminated line ignored at half-close" },
  { stage: "01.8", file: "src/echo/echo-server.ts", from: "      if (closing) return;\n    }", to: "    }", what: "commands after QUIT still run" },
];

const chapter = findChapter("01")!;

test.each(MUTANTS.map((m) => [m.stage, m.what, m] as const))("stage %s catches a solution with %s", async (stage, _what, mutant) => {
  const dir = mkdtempSync(join(tmpdir(), "trilogy-mutant-"));
  cpSync(referenceTree(chapter), dir, { recursive: true });
  const path = join(dir, mutant.file);
  const source = readFileSync(path, "utf8");
  expect(source, `the mutation no longer applies to ${mutant.file}: update this table`).toContain(mutant.from);
  writeFileSync(path, source.replace(mutant.from, mutant.to));
  const result = await grade(chapter, { target: { dir }, only: stage });
  expect(result.stages.find((s) => s.id === stage)?.state).toBe("failed");
});
