// `pnpm unamex`: the whole unamex system as one command. A wrong argument gets one usage line and
// exit code 2 before any server is asked; a small seed (2,000 names) is then found by check,
// prefix and suggest in processes of their own, and bad input gets one line each, never a stack trace.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { normalizeUsername } from "@trilogy/unamex";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../shared/course/chapters.ts";
import { postgres, redis } from "../shared/services/index.ts";
import { dropDatabase } from "../shared/services/postgres-databases.ts";
import { shardDatabase } from "./unamex/seed.ts";
import { stateFile } from "./unamex/state.ts";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const SCRIPT = join(ROOT, "scripts", "unamex.ts");
const COUNT = 2_000;
const SHARDS = 3;
/** A data set of this file's own, beside a learner's: its own databases, Redis database and state file. */
const DEPLOYMENT = `unamex_t_${randomBytes(4).toString("hex")}`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let env: Record<string, string> = { UNAMEX_DEPLOYMENT: DEPLOYMENT };

function unamex(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX, SCRIPT, ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** The policy's canonical form of a generated name (every one of them is accepted). */
function canonicalOf(name: string): string {
  const verdict = normalizeUsername(name);
  if (!verdict.ok) throw new Error(`the generator wrote ${JSON.stringify(name)}, which the policy refuses`);
  return verdict.name;
}

function expectNoStack(run: Run): void {
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe("pnpm unamex", () => {
  // Each case is a process of its own that starts and exits: they run side by side.
  test.concurrent.each([
    [[], "which command?"],
    [["claim", "ada"], 'unknown command "claim"'],
    [["seed", "--count", "0"], "--count must be a whole number from 1"],
    [["seed", "--frobnicate"], "Unknown option '--frobnicate'"],
    [["check"], "which names?"],
    [["prefix"], "which prefix?"],
    [["prefix", "a", "--limit", "5000"], "--limit must be a whole number from 1 to 1000"],
    [["suggest"], "which name?"],
    [["suggest", "ada", "--limit", "51"], "--limit must be a whole number from 1 to 50"],
  ])("answers %j with what is wrong, one usage line and exit code 2", async (args, problem) => {
    const run = await unamex(args);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toContain(problem);
    expect(lines.at(-1)).toMatch(/^usage: pnpm unamex /);
    expect(lines.length).toBeLessThanOrEqual(2);
  });

  test("check before any seed says to seed first, in one line, exit code 1", async () => {
    const run = await unamex(["check", "ada"]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe("unamex check: nothing is seeded yet: run `pnpm unamex seed` first");
  });

  describe("after a seed of 2,000 names", () => {
    let typed: string[];
    const databases = Array.from({ length: SHARDS }, (_, index) => shardDatabase(DEPLOYMENT, index));
    let postgresUrl: string;

    beforeAll(async () => {
      postgresUrl = (await postgres()).url;
      const namespace = await (await redis()).isolate();
      env = { ...env, LABS_POSTGRES_URL: postgresUrl, LABS_REDIS_URL: namespace.url };
      const seeded = await unamex(["seed", "--count", String(COUNT), "--shards", String(SHARDS), "--seed", "7"]);
      expect(seeded.stderr).toContain("LABS_POSTGRES_URL is set");
      expect(seeded.status).toBe(0);
      for (const step of ["generate", "normalize", "dedup", "partition", "load shards", "build Bloom", "warm cache"])
        expect(seeded.stdout).toMatch(
          new RegExp(`^${step} +${COUNT.toLocaleString("en-US")} +\\d+\\.\\d\\d +[\\d,]+$`, "m"),
        );
      typed = readFileSync(join(ROOT, ".cache", "unamex", DEPLOYMENT, "usernames.txt"), "utf8")
        .trim()
        .split("\n");
      expect(typed).toHaveLength(COUNT);
    });

    afterAll(async () => {
      if (postgresUrl) for (const database of databases) await dropDatabase(postgresUrl, database);
      rmSync(stateFile(DEPLOYMENT), { force: true });
      rmSync(join(ROOT, ".cache", "unamex", DEPLOYMENT), { recursive: true, force: true });
    });

    test("check answers one JSON line per name: taken in any typed form, free, or refused with a reason", async () => {
      const name = typed[0]!;
      const run = await unamex([
        "check",
        name,
        name.toUpperCase(),
        "zq.nobody.has.this",
        "",
        "\u200b\u200c\u200d",
        "a".repeat(10_000),
      ]);
      expectNoStack(run);
      expect(run.status).toBe(0);
      const lines = run.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(lines).toHaveLength(6);
      const canonical = canonicalOf(name);
      expect(lines[0]).toMatchObject({ name, normalized: canonical, available: false });
      expect(lines[1]).toMatchObject({ normalized: canonical, available: false });
      expect(["bloom", "cache", "db"]).toContain(lines[0].source);
      expect(lines[2]).toMatchObject({ normalized: "zq.nobody.has.this", available: true });
      expect(lines[3]).toMatchObject({ available: false, reason: "empty", source: "policy", normalized: null });
      expect(lines[4]).toMatchObject({ available: false, reason: "invisible-character", source: "policy" });
      expect(lines[5]).toMatchObject({ available: false, reason: "too-long", source: "policy" });
    });

    test("check --file answers every line, and a line that is not UTF-8 with a reason naming it", async () => {
      const file = join(tmpdir(), `${DEPLOYMENT}-names.txt`);
      writeFileSync(
        file,
        Buffer.concat([
          Buffer.from(`${typed[1]}\n`),
          Buffer.from([0x61, 0xff, 0xfe, 0x0a]),
          Buffer.from("zq.free\r\n"),
        ]),
      );
      try {
        const run = await unamex(["check", "--file", file]);
        expectNoStack(run);
        expect(run.status).toBe(0);
        const lines = run.stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line));
        expect(lines.map((line) => [line.available, line.reason])).toEqual([
          [false, undefined],
          [false, "invalid-utf8"],
          [true, undefined],
        ]);
        expect(lines[1].message).toBe(`line 2 of ${file} is not valid UTF-8`);
        const missing = await unamex(["check", "--file", `${file}.missing`]);
        expect(missing.status).toBe(1);
        expect(missing.stderr.trim().split("\n")).toHaveLength(1);
        expect(missing.stderr).toContain(`cannot read ${file}.missing`);
      } finally {
        rmSync(file, { force: true });
      }
    });

    test("prefix answers a JSON array of taken names, in byte order, whatever the case typed", async () => {
      const canonical = typed.map(canonicalOf).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const prefix = [...canonical[0]!].slice(0, 2).join("");
      const expected = canonical.filter((name) => name.startsWith(prefix)).slice(0, 5);
      const [lower, upper] = await Promise.all([
        unamex(["prefix", prefix, "--limit", "5"]),
        unamex(["prefix", prefix.toUpperCase(), "--limit", "5"]),
      ]);
      expect(lower.status).toBe(0);
      expect(JSON.parse(lower.stdout)).toEqual(expected);
      expect(JSON.parse(upper.stdout)).toEqual(expected);
      const tooLong = await unamex(["prefix", "a".repeat(10_000)]);
      expectNoStack(tooLong);
      expect(tooLong.status).toBe(1);
      expect(tooLong.stderr.trim().split("\n")).toHaveLength(1);
      expect(tooLong.stderr).toContain("prefix is 10000 code points long");
    });

    test("suggest answers a JSON array of free names near a taken one, and a refused name with its reason", async () => {
      const taken = new Set(typed.map(canonicalOf));
      const name = typed[2]!;
      const run = await unamex(["suggest", name, "--limit", "5"]);
      expectNoStack(run);
      expect(run.status).toBe(0);
      const names: string[] = JSON.parse(run.stdout);
      expect(names.length).toBeGreaterThan(0);
      expect(names.length).toBeLessThanOrEqual(5);
      expect(new Set(names).size).toBe(names.length);
      for (const suggestion of names) {
        // Each one a name the policy accepts as it stands, and not one the seed loaded.
        expect(normalizeUsername(suggestion)).toMatchObject({ ok: true, name: suggestion });
        expect(taken.has(suggestion), `${suggestion} is taken`).toBe(false);
      }
      const refused = await unamex(["suggest", "\u200b\u200b"]);
      expectNoStack(refused);
      expect(refused.status).toBe(1);
      expect(refused.stderr.trim().split("\n")).toHaveLength(1);
      expect(refused.stderr).toContain("unamex suggest: invisible-character");
    });
  });
});
