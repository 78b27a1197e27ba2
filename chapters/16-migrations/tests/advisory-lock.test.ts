// Stage 16.4: one migrator at a time. Five sessions start migrate() while the witness holds the
// migration lock (the learner's MIGRATION_LOCK_KEY): all five must wait for it in pg_locks, and
// once it is released, each migration must be applied by exactly one of them. A migration that
// fails must still release the lock, or every later migrator would wait for ever.
import { MIGRATION_LOCK_KEY, MigrationFailedError, migrate } from "@lab/src/tinyorm/index.ts";
import type pg from "pg";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  column,
  eventually,
  expectEqual,
  expectRejection,
  SETTLE_MS,
  show,
  showError,
  useDatabase,
  useWorkspace,
  versionRows,
  within,
  withWitness,
  writeMigration,
} from "./migrations.ts";

const MIGRATORS = 5;

/** Sessions of this database waiting for an advisory lock, and those holding one, by pid. */
async function advisoryLocks(client: pg.Client): Promise<{ waiting: number[]; holding: number[] }> {
  const { rows } = await client.query<{ pid: number; granted: boolean }>(
    `SELECT pid, granted FROM pg_locks
      WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND pid <> pg_backend_pid() ORDER BY pid`,
  );
  return {
    waiting: rows.filter((row) => !row.granted).map((row) => row.pid),
    holding: rows.filter((row) => row.granted).map((row) => row.pid),
  };
}

await stageWith([postgres], "16.4", (service) => {
  const db = useDatabase(service, "migrations_lock");
  const workspace = useWorkspace(db);

  test(`${MIGRATORS} migrators started at once wait for the lock, then apply each migration exactly once`, async () => {
    const { dir, schema, connect } = await workspace();
    await writeMigration(
      dir,
      "0001_create_runs.ts",
      ["CREATE TABLE runs (migration text NOT NULL)"],
      ["DROP TABLE runs"],
    );
    await writeMigration(
      dir,
      "0002_second.ts",
      ["INSERT INTO runs VALUES ('0002')", "SELECT pg_sleep(0.05)"],
      ["DELETE FROM runs"],
    );
    await writeMigration(dir, "0003_third.ts", ["INSERT INTO runs VALUES ('0003')"], ["DELETE FROM runs"]);
    const connections = await Promise.all(Array.from({ length: MIGRATORS }, () => connect()));
    const key = String(MIGRATION_LOCK_KEY);
    await withWitness(db().url, async (witness) => {
      await witness.query("SELECT pg_advisory_lock($1::bigint)", [key]);
      const settled: string[] = [];
      const runs = connections.map((connection, i) =>
        migrate(connection, dir).then(
          (files) => {
            settled.push(`migrator ${i + 1} finished: ${show(files)}`);
            return files;
          },
          (error: unknown) => {
            settled.push(`migrator ${i + 1} failed: ${showError(error)}`);
            throw error;
          },
        ),
      );
      for (const run of runs) run.catch(() => undefined);
      const sent = `the checks hold pg_advisory_lock(${key}); ${MIGRATORS} sessions call migrate(db, dir) at once`;
      try {
        await eventually(
          { sent, expected: `${MIGRATORS} sessions waiting for an advisory lock in pg_locks, none finished` },
          async () => ({ waiting: (await advisoryLocks(witness)).waiting.length, settled: [...settled] }),
          (seen) => seen.waiting === MIGRATORS || seen.settled.length > 0,
        ).then((seen) => {
          if (seen.settled.length > 0)
            throw new CheckFailure("a migrator went ahead while another session held the migration lock", {
              sent,
              expected: `all ${MIGRATORS} waiting in pg_advisory_lock(MIGRATION_LOCK_KEY)`,
              received: seen.settled.join("; "),
              hint: "Take the lock with pg_advisory_lock (which waits), not pg_try_advisory_lock, before reading the version table.",
            });
        });
      } finally {
        await witness.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
      }
      const results = await within(`${sent}; then the checks release the lock`, Promise.allSettled(runs), SETTLE_MS);
      const failed = results.flatMap((result, i) =>
        result.status === "rejected" ? [`migrator ${i + 1}: ${showError(result.reason)}`] : [],
      );
      if (failed.length > 0)
        throw new CheckFailure("a migrator failed", {
          sent,
          expected: "every migrator to succeed: the first applies everything, the others find nothing pending",
          received: failed.join("; "),
          hint: "Read the version table only once the lock is held: a migrator that read it before waiting applies what another already applied.",
        });
      const applied = results.flatMap((result) => (result.status === "fulfilled" ? result.value : [])).sort();
      expectEqual(
        `${sent}; the files all five returned, together`,
        ["0001_create_runs.ts", "0002_second.ts", "0003_third.ts"],
        applied,
        "Each migration is applied by exactly one migrator.",
      );
    });
    expectEqual(
      "SELECT migration FROM runs",
      ["0002", "0003"],
      await column(db().url, `SELECT migration FROM ${schema}.runs ORDER BY 1`),
      "Each up() ran exactly once.",
    );
    expectEqual(
      "the version table's names",
      ["create_runs", "second", "third"],
      (await versionRows(db().url, schema))?.map((row) => row.name),
      "One row per migration.",
    );
  });

  test("the lock is released after a run, and after a migration that failed: the next migrator does not wait", async () => {
    const { dir, connect } = await workspace();
    await writeMigration(dir, "0001_create_a.ts", ["CREATE TABLE a (id int)"], ["DROP TABLE a"]);
    await writeMigration(dir, "0002_broken.ts", ["SELECT 1 / 0"], ["SELECT 1"]);
    const first = await connect();
    const second = await connect();
    const hint =
      "pg_advisory_unlock in a finally: the lock belongs to the session, which stays open after a failed migration.";
    await expectRejection(
      "migrate(db, dir) where 0002_broken.ts divides by zero",
      MigrationFailedError,
      () => migrate(first, dir),
      hint,
    );
    const held = await withWitness(db().url, advisoryLocks);
    if (held.holding.length > 0)
      throw new CheckFailure("the lock is still held after migrate() failed", {
        sent: "migrate(db, dir) where 0002_broken.ts divides by zero, on a session that stays open",
        expected: "no session holding an advisory lock",
        received: `advisory locks held by pids ${held.holding.join(", ")}`,
        hint,
      });
    await writeMigration(dir, "0002_broken.ts", ["SELECT 1"], ["SELECT 1"]);
    try {
      const ran = await within("fix 0002_broken.ts; migrate(db, dir) on another session", migrate(second, dir));
      expectEqual("migrate(db, dir) on another session", ["0002_broken.ts"], ran, "Only the fixed file is pending.");
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      throw new CheckFailure("the second migrator failed", {
        sent: "migrate(db, dir) on another session",
        expected: "success",
        received: showError(error),
      });
    }
    const after = await withWitness(db().url, advisoryLocks);
    if (after.holding.length > 0)
      throw new CheckFailure("the lock is still held after migrate() returned", {
        sent: "migrate(db, dir) that applied 0002",
        expected: "no session holding an advisory lock",
        received: `advisory locks held by pids ${after.holding.join(", ")}`,
        hint: "Unlock once the run is over, success or not.",
      });
  });
});
