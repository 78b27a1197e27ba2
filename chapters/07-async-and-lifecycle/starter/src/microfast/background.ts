// Work a handler leaves to be done after its response is sent — the confirmation email, the
// cache refresh — so the client does not wait for it (FastAPI's BackgroundTasks). A request's
// tasks run one after another, in the order they were added, in the request's context: their log
// lines carry its id. A task that fails is logged, and the next one still runs. The app keeps
// track of every task still running, so a graceful shutdown waits for them instead of cutting
// them off halfway.
import { log } from "./log.ts";

/** A piece of work; a returned promise is awaited before the next task starts. */
export type BackgroundTask = () => unknown;

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  /** Runs `tasks` once `after` settles — the response is sent. Call it in the request's context. */
  start(tasks: readonly BackgroundTask[], after: Promise<void>): void {
    // TODO(07): once `after` settles, runInOrder(tasks) — register it with after.then(), here,
    // in the request's context — and keep that promise in this.running until it settles.
    throw new Error(`TODO(07): BackgroundWork.start() is not implemented (${tasks.length} tasks)`);
  }

  /**
   * Resolves once no task is running — tasks started meanwhile included — or after `timeoutMs`.
   * Returns how many were still running then.
   */
  async settled(timeoutMs: number): Promise<number> {
    // TODO(07): race Promise.all(this.running) against a timer of timeoutMs, again while tasks
    // are left (a task may have started meanwhile) and the timer has not fired; clear the timer,
    // and return how many are still running.
    throw new Error(
      `TODO(07): BackgroundWork.settled() is not implemented (${this.running.size} running, ${timeoutMs} ms)`,
    );
  }
}

async function runInOrder(tasks: readonly BackgroundTask[]): Promise<void> {
  // TODO(07): await each task in turn; log what one throws (log.error(…, { error })) and go on.
  throw new Error(`TODO(07): running background tasks is not implemented (${tasks.length} tasks)`);
}
