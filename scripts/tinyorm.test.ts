// `pnpm tinyorm`: the migration command of tinyorm's newest reference, run as a learner runs
// it. A wrong argument gets one usage line and exit code 2, before any connection is tried; a
// real run applies a folder of migrations on a database of its own and says what it did.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { ROOT } from "../shared/course/chapters.ts";
import { postgres } from "../shared/services/index.ts";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const SCRIPT = join(ROOT, "scripts", "tinyorm.ts");

function tinyorm(args: string[], env: Record<string, string | undefined>, cwd = ROOT) {
  return spawnSync(process.execPath, [TSX, SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", INIT_CWD: cwd, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("pnpm tinyorm", () => {
  test.each([[["frobnicate"]], [[]], [["make"]], [["rollback", "--steps", "0"]]])(
    "answers %j with one usage line and exit code 2",
    (args) => {
      const run = tinyorm(args, { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" });
      expect(run.status).toBe(2);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("usage: tinyorm migrate | rollback");
    },
  );

  test("migrates a folder on DATABASE_URL, then reports it applied", async () => {
    const service = await postgres();
    const db = await service.createDatabase({ label: "tinyorm_cli" });
    const cwd = mkdtempSync(join(tmpdir(), "tinyorm-cli-"));
    try {
      const dir = join(cwd, "migrations");
      mkdirSync(dir);
      writeFileSync(
        join(dir, "0001_create_notes.ts"),
        'export async function up(sql: (t: string) => Promise<unknown>) { await sql("CREATE TABLE notes (id int)"); }\nexport async function down(sql: (t: string) => Promise<unknown>) { await sql("DROP TABLE notes"); }\n',
      );
      const migrated = tinyorm(["migrate"], { DATABASE_URL: db.url }, cwd);
      expect(migrated.stderr).toBe("");
      expect(migrated.status).toBe(0);
      expect(migrated.stdout).toContain("applied 0001_create_notes.ts");
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query("SELECT name FROM tinyorm_migrations");
        expect(rows).toEqual([{ name: "create_notes" }]);
      } finally {
        await client.end();
      }
      const listed = tinyorm(["status"], { DATABASE_URL: db.url }, cwd);
      expect(listed.status).toBe(0);
      expect(listed.stdout).toMatch(/applied\s+0001_create_notes\.ts/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await db.drop();
    }
  });
});
