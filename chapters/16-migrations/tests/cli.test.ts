// Stage 16.6: the tinyorm command. runCli(args, context) is what `pnpm tinyorm …` runs: it
// connects to DATABASE_URL, runs migrate, rollback, status or make on --dir (./migrations under
// cwd by default), and resolves with the exit code; a wrong argument is one usage line on stderr
// and exit code 2, a refused run its reason and exit code 1. Effects are read by the witness.

import { appendFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "@lab/src/tinyorm/index.ts";
import { afterEach, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  show,
  showError,
  useDatabase,
  versionRows,
  within,
  withWitness,
  writeMigration,
} from "./migrations.ts";

const MODELS_MODULE = fileURLToPath(new URL("./fixtures/models.ts", import.meta.url));

interface Outcome {
  code: number;
  out: string[];
  err: string[];
}

await stageWith([postgres], "16.6", (service) => {
  const db = useDatabase(service, "migrations_cli");
  const folders: string[] = [];
  afterEach(async () => {
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
    // Every check starts from an empty public schema: the command runs on the database's default.
    await withWitness(db().url, (client) => client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
  });

  async function project(): Promise<string> {
    const cwd = await mkdtemp(join(tmpdir(), "tinyorm-16-cli-"));
    folders.push(cwd);
    await mkdir(join(cwd, "migrations"));
    return cwd;
  }

  async function tinyorm(
    cwd: string,
    args: string[],
    env: Record<string, string | undefined> = { DATABASE_URL: db().url },
  ): Promise<Outcome> {
    const outcome: Outcome = { code: -1, out: [], err: [] };
    const sent = `tinyorm ${args.join(" ")}`;
    try {
      outcome.code = await within(
        sent,
        runCli(args, { env, cwd, out: (line) => outcome.out.push(line), err: (line) => outcome.err.push(line) }),
      );
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      throw new CheckFailure("the command threw instead of exiting with a code", {
        sent,
        expected: "an exit code (0 done, 1 refused, 2 used wrongly)",
        received: showError(error),
        hint: "runCli resolves with the exit code; a MigrationError becomes its message on err and code 1.",
      });
    }
    return outcome;
  }

  function expectCode(sent: string, outcome: Outcome, code: number, hint: string) {
    if (outcome.code !== code)
      throw new CheckFailure(`exit code ${outcome.code}, expected ${code}`, {
        sent,
        expected: `exit code ${code}`,
        received: `exit code ${outcome.code}; stderr ${show(outcome.err)}; stdout ${show(outcome.out)}`,
        hint,
      });
  }

  test("a wrong argument is one usage line on stderr and exit code 2, with nothing run", async () => {
    const cwd = await project();
    await writeMigration(join(cwd, "migrations"), "0001_create_a.ts", ["CREATE TABLE a (id int)"], ["DROP TABLE a"]);
    const wrong = [
      [],
      ["frobnicate"],
      ["make"],
      ["migrate", "now"],
      ["rollback", "--steps", "zero"],
      ["status", "--verbose"],
      ["make", "x"],
    ];
    for (const args of wrong) {
      const sent = `tinyorm ${args.join(" ")}`;
      const outcome = await tinyorm(cwd, args);
      expectCode(
        sent,
        outcome,
        2,
        "A command used wrongly exits 2, like most Unix tools; 1 is for a command that ran and failed.",
      );
      const lines = outcome.err.flatMap((text) => text.split("\n"));
      if (lines.length !== 1 || !lines[0]?.includes("usage: tinyorm"))
        throw new CheckFailure("not one usage line", {
          sent,
          expected: 'one line on stderr that holds "usage: tinyorm …"',
          received: show(outcome.err),
          hint: "Say what was wrong and the usage, on one line.",
        });
    }
    expectEqual(
      "the version table after only wrong commands",
      null,
      await versionRows(db().url, "public"),
      "A wrong command runs nothing.",
    );
  });

  test("migrate, status, rollback --steps and make --models work on DATABASE_URL and --dir", async () => {
    const cwd = await project();
    const dir = join(cwd, "schema");
    await mkdir(dir);
    await writeMigration(dir, "0001_create_a.ts", ["CREATE TABLE a (id int)"], ["DROP TABLE a"]);
    await writeMigration(dir, "0002_create_b.ts", ["CREATE TABLE b (id int)"], ["DROP TABLE b"]);
    await writeMigration(dir, "0003_create_c.ts", ["CREATE TABLE c (id int)"], ["DROP TABLE c"]);
    const names = async () => (await versionRows(db().url, "public"))?.map((row) => row.name) ?? [];
    const migrated = await tinyorm(cwd, ["migrate", "--dir", "schema"]);
    expectCode("tinyorm migrate --dir schema", migrated, 0, "migrate applies the folder --dir names, relative to cwd.");
    expectEqual(
      "tinyorm migrate --dir schema; the version table",
      ["create_a", "create_b", "create_c"],
      await names(),
      "--dir schema is <cwd>/schema.",
    );
    const listed = await tinyorm(cwd, ["status", "--dir", "schema"]);
    expectCode("tinyorm status --dir schema", listed, 0, "status prints one line per migration.");
    const text = listed.out.join("\n");
    if (
      !["0001_create_a.ts", "0002_create_b.ts", "0003_create_c.ts"].every((file) => text.includes(file)) ||
      !text.includes("applied")
    )
      throw new CheckFailure("status does not list the migrations", {
        sent: "tinyorm status --dir schema",
        expected: "a line per file, with its state (applied)",
        received: show(listed.out),
      });
    const rolled = await tinyorm(cwd, ["rollback", "--dir", "schema", "--steps", "2"]);
    expectCode("tinyorm rollback --dir schema --steps 2", rolled, 0, "rollback takes --steps N.");
    expectEqual(
      "tinyorm rollback --steps 2; the version table",
      ["create_a"],
      await names(),
      "--steps 2 undoes the two newest migrations.",
    );
    expectCode(
      "tinyorm rollback --dir schema",
      await tinyorm(cwd, ["rollback", "--dir", "schema"]),
      0,
      "rollback without --steps undoes one.",
    );
    expectEqual(
      "tinyorm rollback --dir schema; the version table",
      [],
      await names(),
      "Without --steps, rollback undoes the newest one.",
    );
    const made = await tinyorm(cwd, ["make", "accounts_and_notes", "--models", MODELS_MODULE]);
    expectCode(
      `tinyorm make accounts_and_notes --models ${MODELS_MODULE}`,
      made,
      0,
      "make imports the module --models names and passes every model class it exports.",
    );
    expectEqual(
      "tinyorm make accounts_and_notes --models … (no --dir); the default folder",
      ["0001_accounts_and_notes.ts"],
      (await readdir(join(cwd, "migrations"))).sort(),
      "Without --dir the folder is ./migrations under cwd.",
    );
  });

  test("a refused run is its reason on stderr and exit code 1: an edited migration is named", async () => {
    const cwd = await project();
    const dir = join(cwd, "migrations");
    await writeMigration(dir, "0001_create_a.ts", ["CREATE TABLE a (id int)"], ["DROP TABLE a"]);
    expectCode("tinyorm migrate", await tinyorm(cwd, ["migrate"]), 0, "migrate applies ./migrations by default.");
    await appendFile(join(dir, "0001_create_a.ts"), "// edited\n");
    const refused = await tinyorm(cwd, ["migrate"]);
    expectCode(
      "edit 0001_create_a.ts; tinyorm migrate",
      refused,
      1,
      "A MigrationError is a refused run: its message on err, exit code 1.",
    );
    if (!refused.err.join("\n").includes("0001_create_a.ts"))
      throw new CheckFailure("stderr does not name the edited file", {
        sent: "edit 0001_create_a.ts; tinyorm migrate",
        expected: "the ChecksumMismatchError's message, naming 0001_create_a.ts",
        received: show(refused.err),
      });
  });
});
