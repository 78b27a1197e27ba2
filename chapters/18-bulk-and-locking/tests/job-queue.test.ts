// Stage 18.6: a job queue on FOR UPDATE SKIP LOCKED. The order of the two workers is written
// with gates, never timed: worker A holds its job until the check opens a gate, and worker B
// must get another job meanwhile. What was done is counted by the server, in a table the work
// writes inside each job's transaction.
import { fields, JobQueue, Model } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { sized } from "../../../shared/check/size.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectEqual,
  expectThat,
  Gate,
  reached,
  run,
  scalar,
  settle,
  showOutcome,
  useTransactionDatabase,
  witness,
} from "../../15-transactions/tests/tx.ts";
import { BULK_BUDGET_MS, runLong } from "./fixtures/statements.ts";

const SCHEMA = `
CREATE TABLE jobs (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload int NOT NULL, done_at timestamptz);
CREATE TABLE processed (job_id int NOT NULL, worker int NOT NULL DEFAULT pg_backend_pid());
`;

class Job extends Model.table("jobs", {
  id: fields.int({ primaryKey: true, generated: true }),
  payload: fields.int(),
  doneAt: fields.timestamp({ column: "done_at", nullable: true }),
}) {}

const WORKERS = 8;
const JOBS = sized("18.6", { full: 200, quick: 80 });
/** How long worker B may take to claim a job while A holds one: a claim that waits for A's lock never ends before the gate opens. */
const CLAIM_MS = 10_000;
/** How often the check looks for a session waiting on a lock while worker B claims. */
const LOCK_POLL_MS = 50;

const queue = () => new JobQueue(Job, { where: Job.doneAt.isNull(), orderBy: Job.id.asc() });

/** The work: record the job as processed, on the job's own session, and mark it done (the unit of work saves it before COMMIT). */
async function doJob(job: Job): Promise<void> {
  await scalar("INSERT INTO processed (job_id) VALUES ($1)", [job.id]);
  job.doneAt = new Date();
}

/**
 * Watches pg_stat_activity while `work` runs: the statement of a session of this database that
 * waits for a lock, as soon as one does, or undefined once `work` has settled without any.
 */
async function lockWaitDuring(url: string, work: Promise<unknown>): Promise<string | undefined> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    const [waiting] = await witness(
      url,
      "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (waiting) return String(waiting.query);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  return undefined;
}

await stageWith([postgres], "18.6", (service) => {
  const { db, configure } = useTransactionDatabase(service, "job-queue", SCHEMA);
  const reset = async (jobs: number) => {
    await witness(db().url, "TRUNCATE jobs, processed RESTART IDENTITY");
    await witness(db().url, "INSERT INTO jobs (payload) SELECT n FROM generate_series(1, $1) AS n", [jobs]);
  };

  test("while worker A holds job 1, worker B claims job 2 at once, without waiting for A", async () => {
    await reset(5);
    await configure({ pool: 3 });
    const holding = new Gate("worker A holds its job, inside its transaction");
    const release = new Gate("the check lets worker A finish");
    let aJob: number | undefined;
    const a = queue().processNext(async (job) => {
      aJob = job.id;
      holding.open();
      await release.passed(CLAIM_MS * 3);
      await doJob(job);
    });
    try {
      await reached(holding, a, "worker A: queue.processNext(work that waits)");
      let bJob: number | undefined;
      const sent = "while A holds its job: worker B: queue.processNext(work)";
      const claim = queue().processNext(async (job) => {
        bJob = job.id;
        await doJob(job);
      });
      const blocked = await lockWaitDuring(db().url, claim);
      if (blocked !== undefined)
        throw new CheckFailure("worker B waits for the lock worker A holds", {
          sent,
          expected: "B resolves with true, having done job 2, while A still holds job 1",
          received: `a session of B's, waiting for a lock: ${blocked}`,
          hint: "FOR UPDATE SKIP LOCKED: B passes over A's locked row instead of waiting for it.",
        });
      const b = await settle(sent, claim, CLAIM_MS);
      expectThat(
        sent,
        b.ok && b.value === true,
        "B resolves with true, having done a job",
        showOutcome(b),
        "FOR UPDATE SKIP LOCKED: B passes over A's locked row instead of waiting for it. Without SKIP LOCKED, B waits for A; without FOR UPDATE (or outside a transaction), nothing stops B from taking A's job.",
      );
      expectThat(
        `${sent} — the jobs A and B got`,
        aJob === 1 && bJob === 2,
        "A job 1, B job 2 (the first free one in id order)",
        `A job ${aJob}, B job ${bJob}`,
        "Each worker takes the first job no one holds, ORDER BY id LIMIT 1, in the transaction that does the work.",
      );
    } finally {
      release.open();
      await settle("worker A", a).catch(() => undefined);
    }
    expectEqual(
      "after both: SELECT job_id FROM processed ORDER BY job_id",
      [{ job_id: 1 }, { job_id: 2 }],
      await witness(db().url, "SELECT job_id FROM processed ORDER BY job_id"),
    );
  });

  test("a worker whose work fails leaves its job waiting, for the next worker to do", async () => {
    await reset(2);
    await configure({ pool: 2 });
    const sent = "queue.processNext(work that marks the job done, then throws)";
    const failed = await settle(
      sent,
      queue().processNext(async (job) => {
        await doJob(job);
        throw new Error("the work failed");
      }),
    );
    expectThat(
      sent,
      !failed.ok && failed.error instanceof Error && failed.error.message === "the work failed",
      "a rejection with the work's own error",
      showOutcome(failed),
      "The work runs inside the claiming transaction: when it throws, DB.transaction() rolls back and passes the error on.",
    );
    expectEqual(
      `${sent}; then SELECT id FROM jobs WHERE done_at IS NULL`,
      [{ id: 1 }, { id: 2 }],
      await witness(db().url, "SELECT id FROM jobs WHERE done_at IS NULL ORDER BY id"),
      "Rolled back: job 1 is not done, and is free again.",
    );
    let next: number | undefined;
    await run("then queue.processNext(work)", () =>
      queue().processNext(async (job) => {
        next = job.id;
        await doJob(job);
      }),
    );
    expectEqual("the next worker's job", 1, next, "The failed job is the first free one again.");
  });

  test(`${WORKERS} workers drain ${JOBS} jobs: every job done exactly once, counted by the server`, async () => {
    await reset(JOBS);
    await configure({ pool: WORKERS });
    const sent = `queue.drain(work, { workers: ${WORKERS} }) on a pool of ${WORKERS}, ${JOBS} jobs`;
    const done = await runLong(sent, () => queue().drain(doJob, { workers: WORKERS }), BULK_BUDGET_MS);
    expectEqual(`${sent} — what it resolved with`, JOBS, done, "Count the jobs the workers did.");
    const [counts] = await witness(
      db().url,
      "SELECT count(*)::int AS rows, count(DISTINCT job_id)::int AS jobs FROM processed",
    );
    expectEqual(
      `${sent}; then SELECT count(*), count(DISTINCT job_id) FROM processed`,
      { rows: JOBS, jobs: JOBS },
      counts,
      "Each job processed once: as many rows as jobs, every job among them. More rows than jobs means a job was handed to two workers.",
    );
    const [left] = await witness(db().url, "SELECT count(*)::int AS n FROM jobs WHERE done_at IS NULL");
    expectEqual(
      `${sent}; then SELECT count(*) FROM jobs WHERE done_at IS NULL`,
      0,
      left?.n,
      "Every job marked done: drain() runs until no worker finds a free job.",
    );
  });
});
