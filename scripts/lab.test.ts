// `pnpm lab NN` carries the learner's own copy of the previous chapter forward, run as a
// learner runs it, against scratch labs and state folders.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { structuredPatch } from "diff";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { grade } from "../shared/check/grade.ts";
import { type Chapter, findChapter, ROOT } from "../shared/course/chapters.ts";
import { listFiles, referenceTree, starterTree } from "../shared/course/trees.ts";
import { runScript, type ScriptResult } from "./lib/run-script.ts";

/** A learner's chapter 01, every file written differently from the reference, passing every 01 stage. */
const LEARNER_01 = join(ROOT, "scripts", "fixtures", "learner-01-echo-server");

const [echo, parser, keepAlive] = ["01", "02", "03"].map((id) => findChapter(id)!) as [Chapter, Chapter, Chapter];
let scratch: string;
const labDir = (chapter: Chapter) => join(scratch, "labs", chapter.dir);

function lab(...args: string[]) {
  return command("lab.ts", args);
}

function command(script: string, args: string[]): Promise<ScriptResult> {
  return runScript(join(ROOT, "scripts", script), args, {
    ...process.env,
    TRILOGY_STATE_DIR: join(scratch, "state"),
    TRILOGY_LABS_DIR: join(scratch, "labs"),
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  });
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "trilogy-lab-"));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("your code carries forward", () => {
  test("a chapter 01 copy written its own way becomes chapter 02's copy; checking 02 then fails only on 02's stages", async () => {
    cpSync(LEARNER_01, labDir(echo), { recursive: true });
    const r = await lab("02");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`built from your `);
    expect(r.out).not.toMatch(/conflicts|<<<<<<</);

    const mine = listFiles(LEARNER_01);
    // Every file of theirs differs from the reference, so each is kept — as part of chapter
    // 02's tree, or, where chapter 02 removes it, as theirs with a note saying so.
    for (const file of mine) expect(read(labDir(parser), file), file).toBe(read(LEARNER_01, file));
    const starter = starterTree(parser);
    if (mine.some((file) => !existsSync(join(starter, file))))
      expect(r.out).toContain("no longer part of chapter 02's tree");
    for (const file of listFiles(starter).filter((f) => !mine.includes(f))) {
      expect(read(labDir(parser), file), file).toBe(read(starter, file));
    }

    const result = await grade(parser, { target: { dir: labDir(parser) } });
    expect(result.fileErrors).toEqual([]);
    expect(result.unhandledErrors).toEqual([]);
    const own = result.stages.filter((s) => s.chapter === parser.dir);
    expect(own.map((s) => s.id)).toEqual(parser.stages.map((s) => s.id));
    expect(own.filter((s) => s.state !== "failed").map((s) => s.id)).toEqual([]);
    const regressions = result.stages.filter((s) => s.chapter !== parser.dir);
    expect(regressions.filter((s) => s.state !== "passed").map((s) => `${s.id} ${s.state}`)).toEqual([]);
  });

  test("a file both you and starter 03 changed gets conflict markers and is listed; your other files and additions are kept", async () => {
    const base = referenceTree(parser);
    const starter = starterTree(keepAlive);
    const [changedByBoth, untouched] = ["src/http/main.ts", "src/http/request-line.ts"];
    expect(read(starter, changedByBoth), "starter 03 changes main.ts").not.toBe(read(base, changedByBoth));
    expect(read(starter, untouched), "starter 03 leaves request-line.ts alone").toBe(read(base, untouched));

    // The learner solved chapter 02 like the reference, then rewrote the first line starter 03
    // also rewrites, annotated another file, and added one of their own.
    cpSync(base, labDir(parser), { recursive: true });
    const hunk = structuredPatch("a", "b", read(base, changedByBoth), read(starter, changedByBoth)).hunks[0]!;
    const rewritten = hunk.lines.find((l) => l.startsWith("-"))!.slice(1);
    const mine = read(base, changedByBoth).replace(rewritten, "// my own words for this line");
    writeFileSync(join(labDir(parser), changedByBoth), mine);
    const annotated = read(base, untouched) + "// note to self: the request line is method SP target SP version\n";
    writeFileSync(join(labDir(parser), untouched), annotated);
    writeFileSync(join(labDir(parser), "src/http/scratchpad.ts"), "export const tried = ['nc', 'curl'];\n");

    const r = await lab("03");
    expect(r.code, r.err).toBe(0);
    const conflicted = listFiles(labDir(keepAlive)).filter((f) => read(labDir(keepAlive), f).includes("<<<<<<< "));
    expect(conflicted).toEqual([changedByBoth]);
    const text = read(labDir(keepAlive), changedByBoth);
    expect(text).toContain(`<<<<<<< yours (`);
    expect(text).toContain("// my own words for this line");
    expect(text).toContain(">>>>>>> starter 03");
    expect(r.out).toMatch(/conflicts\s+1 file where you and starter 03 changed the same lines/);
    expect(r.out).toContain(join("03-keep-alive", changedByBoth));
    expect(r.out).toContain("delete the three marker lines");
    expect(read(labDir(keepAlive), untouched)).toBe(annotated);
    expect(read(labDir(keepAlive), "src/http/scratchpad.ts")).toBe("export const tried = ['nc', 'curl'];\n");

    // Grading a copy with unresolved markers says so, instead of failing on a syntax error.
    const check = await command("check.ts", ["03"]);
    expect(check.code).toBe(1);
    expect(check.out).toContain("your copy still holds merge conflicts");
    expect(check.out).toContain(`${join("03-keep-alive", changedByBoth)}:`);
  });
});

describe("without a copy of the previous chapter", () => {
  test("and the previous chapter not passed: asks first; without a terminal, one usage line and exit 2", async () => {
    const r = await lab("02");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("--from reference");
    expect(existsSync(labDir(parser))).toBe(false);
  });

  test("--from reference takes the starter and says it contains chapter 01's solution", async () => {
    const r = await lab("02", "--from", "reference");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("this starter contains chapter 01's reference solution");
    expect(listFiles(labDir(parser))).toEqual(listFiles(starterTree(parser)));
  });

  test("once the previous chapter has passed, the starter is used without asking, and says so", async () => {
    mkdirSync(join(scratch, "state"), { recursive: true });
    const progress = { version: 1, chapters: { [echo.dir]: { state: "passed", stages: {}, hintsShown: {} } } };
    writeFileSync(join(scratch, "state", "progress.json"), JSON.stringify(progress));
    const r = await lab("02");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("this starter contains chapter 01's reference solution");
  });

  test("--from mine says there is nothing to carry and how to make it, exit 2", async () => {
    const r = await lab("02", "--from", "mine");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("pnpm lab 01");
  });
});

describe("--from and --reset", () => {
  test("an unknown --from value: one usage line, exit 2", async () => {
    const r = await lab("02", "--from", "theirs");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("usage: pnpm lab");
  });

  test("--from on an existing copy never overwrites it: it asks for --reset, exit 2", async () => {
    cpSync(LEARNER_01, labDir(echo), { recursive: true });
    expect((await lab("02")).code).toBe(0);
    const r = await lab("02", "--from", "reference");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--reset");
  });

  test("--reset --yes builds the copy again as the first time (from your copy), --from reference from the starter", async () => {
    cpSync(LEARNER_01, labDir(echo), { recursive: true });
    expect((await lab("02")).code).toBe(0);
    const stub = join(labDir(parser), "src/http/request-line.ts");
    writeFileSync(stub, "// half-done work\n");

    const again = await lab("02", "--reset", "--yes");
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain("built from your ");
    expect(read(labDir(parser), "src/echo/commands.ts")).toBe(read(LEARNER_01, "src/echo/commands.ts"));
    expect(readFileSync(stub, "utf8")).toContain("TODO(02)");

    const fromStarter = await lab("02", "--reset", "--yes", "--from", "reference");
    expect(fromStarter.code, fromStarter.err).toBe(0);
    expect(fromStarter.out).toContain("this starter contains chapter 01's reference solution");
    expect(listFiles(labDir(parser))).toEqual(listFiles(starterTree(parser)));
  });
});
