// A job queue in a table, worked by many workers at once: each worker claims a job in a
// transaction of its own with
//
//   SELECT … FROM "jobs" WHERE <waiting> ORDER BY "id" LIMIT 1 FOR UPDATE SKIP LOCKED
//
// FOR UPDATE locks the row it returns until the transaction ends; SKIP LOCKED passes over rows
// another transaction has locked instead of waiting for them (docs: SELECT, "The Locking
// Clause"). So eight workers asking at once get eight different jobs, none waits for another,
// and no job is handed out twice. The work runs inside the claiming transaction: it marks the
// job done (or deletes it), and COMMIT publishes that and frees the lock together. A worker that
// fails rolls back, and the job, never marked, is free for the next one.
//
//   worker 1: BEGIN; SELECT … SKIP LOCKED → job 1 (locked) … work … UPDATE job 1 done; COMMIT
//   worker 2: BEGIN; SELECT … SKIP LOCKED → job 2 (job 1 skipped) …                  COMMIT
//
// Each worker needs a session of its own: DB with a pool of at least as many connections as
// workers (chapter 14). On one connection the transactions take turns, and the queue still
// processes every job once, one at a time.
import { DB } from "../model/db.ts";
import type { Model } from "../model/model.ts";
import type { ModelQuery } from "../model/model-query.ts";
import { compile } from "../query/compile.ts";
import type { ConditionNode, OrderNode } from "../query/nodes.ts";
import type { InstanceOf, ModelLike } from "../relations/relation-types.ts";
import { definitionOf, rowsOf } from "./model-rows.ts";

/** The locking clause: lock the row returned, and pass over the rows other transactions hold. */
export const CLAIM_LOCK = "FOR UPDATE SKIP LOCKED";
/** Workers drain() runs side by side when not told otherwise. */
export const DEFAULT_WORKERS = 4;

export interface QueueOptions {
  /** The rows that are jobs waiting to be done, e.g. Job.doneAt.isNull(). Every row, when not given. */
  readonly where?: ConditionNode;
  /** Which waiting job goes first; the key's order when not given. */
  readonly orderBy?: OrderNode | readonly OrderNode[];
}

/** What a job is handed to: it does the job and takes it out of `where` (marks it done, or deletes it), in the claiming transaction. */
export type Work<J> = (job: J) => Promise<void>;

export class JobQueue<M extends ModelLike> {
  readonly #claim: ModelQuery<Model>;

  constructor(model: M, options: QueueOptions = {}) {
    const definition = definitionOf(model);
    let query = rowsOf(model);
    if (options.where) query = query.where(options.where);
    const order = options.orderBy ?? definition.table[definition.key.column]!.asc();
    this.#claim = query.orderBy(...[order].flat()).limit(1);
  }

  /**
   * Claims one waiting job no other transaction holds and runs `work` on it, in one transaction:
   * COMMIT when `work` resolves, ROLLBACK (the job is free again) when it throws. Resolves with
   * true, or false when no job was free.
   */
  processNext(work: Work<InstanceOf<M>>): Promise<boolean> {
    return DB.transaction(async () => {
      const job = await this.#claimOne();
      if (!job) return false;
      await work(job);
      return true;
    });
  }

  /**
   * Runs `workers` loops of processNext() side by side until none finds a free job; resolves
   * with how many jobs were done. The first failure stops every loop after its current job and
   * rejects with that failure (its job rolled back, still waiting).
   */
  async drain(work: Work<InstanceOf<M>>, options: { workers?: number } = {}): Promise<number> {
    let done = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (!failure) {
        try {
          if (!(await this.processNext(work))) return;
          done++;
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: options.workers ?? DEFAULT_WORKERS }, worker));
    if (failure) throw failure.error;
    return done;
  }

  /** SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED, in the caller's transaction: the job as an instance, or null. */
  async #claimOne(): Promise<InstanceOf<M> | null> {
    const { sql, params } = compile(this.#claim);
    const { rows } = await (await DB.queryable()).query(`${sql} ${CLAIM_LOCK}`, params);
    const [row] = rows;
    return row ? (this.#claim.instanceFrom(row) as InstanceOf<M>) : null;
  }
}
