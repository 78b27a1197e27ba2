// The learner's commands, run as a learner runs them, each against its own scratch state:
// wrong arguments get one line and exit 2, and `pnpm lab` never loses work.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { loadChapters, PART_TITLES, PROJECTS, ROOT } from "../shared/course/chapters.ts";
import { runScript, type ScriptResult } from "./lib/run-script.ts";

let scratch: string;

function commandEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TRILOGY_STATE_DIR: join(scratch, "state"),
    TRILOGY_LABS_DIR: join(scratch, "labs"),
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
}

function run(command: string, ...args: string[]): Promise<ScriptResult> {
  return runScript(join(ROOT, "scripts", `${command}.ts`), args, commandEnv());
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "trilogy-cli-"));
});

describe("pnpm lab", () => {
  test("without a chapter: one line listing the valid chapters, then usage, exit 2", async () => {
    const r = await run("lab");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^which chapter\? valid chapters: 01 echo-server/);
    expect(r.err.trim().split("\n")).toHaveLength(2);
  });

  test("an unknown chapter: one line listing the valid chapters, exit 2", async () => {
    const r = await run("lab", "99");
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^unknown chapter "99"; valid chapters: 01 echo-server/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  test("an unknown option: the parser's message and the usage, exit 2", async () => {
    const r = await run("lab", "01", "--frobnicate");
    expect(r.code).toBe(2);
    expect(r.err).toContain("usage: pnpm lab");
  });

  test.each(["1", "01", "echo-server", "01-echo-server"])(
    "accepts %s and creates the copy with the brief",
    async (arg) => {
      const r = await run("lab", arg);
      expect(r.code).toBe(0);
      expect(r.out).toContain("Chapter 01 · Echo server");
      expect(r.out).toContain("pnpm check 01");
      expect(r.out).toMatch(/src\/echo\/line-splitter\.ts:\d+/);
      expect(existsSync(join(scratch, "labs", "01-echo-server", "src", "echo", "echo-server.ts"))).toBe(true);
    },
  );

  test("never overwrites the learner's work", async () => {
    await run("lab", "01");
    const file = join(scratch, "labs", "01-echo-server", "src", "echo", "commands.ts");
    writeFileSync(file, "// my work\n");
    const r = await run("lab", "01");
    expect(r.code).toBe(0);
    expect(r.out).toContain("kept as it is");
    expect(readFileSync(file, "utf8")).toBe("// my work\n");
  });

  test("--reset without a terminal or --yes refuses and keeps the work", async () => {
    await run("lab", "01");
    const file = join(scratch, "labs", "01-echo-server", "src", "echo", "commands.ts");
    writeFileSync(file, "// my work\n");
    const r = await run("lab", "01", "--reset");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--yes");
    expect(readFileSync(file, "utf8")).toBe("// my work\n");
  });

  test("--reset --yes restores the starter and keeps a backup of the old copy", async () => {
    await run("lab", "01");
    const file = join(scratch, "labs", "01-echo-server", "src", "echo", "commands.ts");
    writeFileSync(file, "// my work\n");
    const r = await run("lab", "01", "--reset", "--yes");
    expect(r.code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("TODO(01)");
    const backups = readdirSync(join(scratch, "state", "backups"));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(scratch, "state", "backups", backups[0]!, "src", "echo", "commands.ts"), "utf8")).toBe(
      "// my work\n",
    );
  });
});

describe("pnpm check, hint, diff, progress", () => {
  test("check with no chapter opened yet says how to start, exit 2", async () => {
    const r = await run("check");
    expect(r.code).toBe(2);
    expect(r.err).toContain("pnpm lab 01");
  });

  test("check of an unknown chapter lists the valid ones, exit 2", async () => {
    const r = await run("check", "99");
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^unknown chapter "99"; valid chapters: /);
  });

  test("check before `pnpm lab` says to run it, exit 2", async () => {
    const r = await run("check", "01");
    expect(r.code).toBe(2);
    expect(r.err).toContain("pnpm lab 01");
  });

  test("check --only with an unknown stage lists the stages, exit 2", async () => {
    await run("lab", "01");
    const r = await run("check", "01", "--only", "01.99");
    expect(r.code).toBe(2);
    expect(r.err).toContain("01.1, 01.2");
  });

  test("a chapter checked against a service this machine lacks: lab says how to get it, check says it in one line, exit 1", async () => {
    const chapter = loadChapters().find((c) => c.services.includes("postgres"));
    if (!chapter) throw new Error("no chapter is checked against PostgreSQL");
    const env: NodeJS.ProcessEnv = {
      ...commandEnv(),
      LABS_POSTGRES_URL: "",
      LABS_POSTGRES_BIN: join(scratch, "no-postgres"),
      LABS_NO_DOCKER: "1",
      CI: "",
    };
    const command = (name: string, ...args: string[]) => runScript(join(ROOT, "scripts", `${name}.ts`), args, env);
    const lab = await command("lab", chapter.id);
    expect(lab.code).toBe(0);
    expect(lab.out).toMatch(
      /services +PostgreSQL is needed, and none can be started here: start Docker, or run `sudo apt-get install/,
    );
    const check = await command("check", chapter.id);
    expect(check.code).toBe(1);
    expect(check.out.trim().split("\n")).toHaveLength(1);
    expect(check.out).toContain("brew install postgresql@16");
    expect((await run("progress")).out).not.toMatch(new RegExp(`${chapter.id} .*passed`));
  });

  test("check --solution and --starter together is a usage error", async () => {
    const r = await run("check", "01", "--solution", "--starter");
    expect(r.code).toBe(2);
  });

  test("hint climbs the ladder one rung per call", async () => {
    await run("lab", "01");
    expect((await run("hint")).out).toContain("hint 1/3");
    expect((await run("hint", "01")).out).toContain("hint 2/3");
    expect((await run("hint", "01")).out).toContain("hint 3/3");
    expect((await run("hint", "01")).out).toContain("that was the last hint");
  });

  test("diff asks for --force before the chapter passes", async () => {
    await run("lab", "01");
    const r = await run("diff", "01");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--force");
    const forced = await run("diff", "01", "--force");
    expect(forced.code).toBe(0);
    expect(forced.out).toContain("reference/src/echo/commands.ts");
  });

  test("progress lists every chapter with its state", async () => {
    expect((await run("progress")).out).toMatch(/· 01 echo-server\s+not started/);
    await run("lab", "01");
    expect((await run("progress")).out).toMatch(/◐ 01 echo-server\s+in progress/);
  });

  test("progress says a part has no chapters yet, not 0/0", async () => {
    const out = (await run("progress")).out;
    expect(out).not.toContain("0/0");
    const chapters = loadChapters();
    for (const project of PROJECTS.filter((p) => !chapters.some((c) => c.project === p))) {
      expect(out).toContain(`${PART_TITLES[project]}\n  no chapters yet`);
    }
  });
});

describe("--help and pnpm repeat", () => {
  test.each(["check", "lab", "repeat", "hint"])(
    "%s --help prints the usage line on stdout, exit 0",
    async (command) => {
      for (const flag of ["--help", "-h"]) {
        const r = await run(command, flag);
        expect(r.code).toBe(0);
        expect(r.out.trim()).toMatch(new RegExp(`^usage: pnpm ${command} `));
        expect(r.out.trim().split("\n")).toHaveLength(1);
      }
    },
  );

  test("repeat without stages, or with an unknown one, is a usage error", async () => {
    expect((await run("repeat")).code).toBe(2);
    const unknown = await run("repeat", "09.9");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown stage "09.9"');
    expect((await run("repeat", "01.2", "--times", "0")).code).toBe(2);
  });

  test("repeat runs a stage the times asked and counts the passes", async () => {
    const r = await run("repeat", "01.2", "--times", "2", "--solution");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/run 1\/2 {2}01\.2 ✓/);
    expect(r.out).toMatch(/run 2\/2 {2}01\.2 ✓/);
    expect(r.out).toMatch(/✓ 01\.2 ping-echo\s+2\/2 passed/);
  });

  test("repeat lists every failed run with its own seed, its first failure and the replay command, exit 1", async () => {
    const r = await run("repeat", "01.2", "--times", "2", "--starter");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ 01\.2 ping-echo\s+0\/2 passed, 2 failed/);
    const seeds = [...r.out.matchAll(/run (\d), seed (\d+): "[^"]+": \S/g)].map((m) => m[2]);
    expect(seeds).toHaveLength(2);
    expect(seeds[0]).not.toBe(seeds[1]);
    expect(r.out).toContain(`replay with: TRILOGY_SEED=${seeds[0]} pnpm check 01 --only 01.2 --starter`);
  });
});
