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
    // A continuation runs in the context of the code that registered it: the request's.
    const run = after.then(() => runInOrder(tasks));
    this.running.add(run);
    void run.then(() => this.running.delete(run));
  }

  /**
   * Resolves once no task is running — tasks started meanwhile included — or after `timeoutMs`.
   * Returns how many were still running then.
   */
  async settled(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), timeoutMs);
    });
    let outcome: unknown;
    while (this.running.size > 0 && outcome !== "late") outcome = await Promise.race([Promise.all(this.running), late]);
    clearTimeout(timer);
    return this.running.size;
  }
}

async function runInOrder(tasks: readonly BackgroundTask[]): Promise<void> {
  for (const task of tasks) {
    try {
      await task();
    } catch (error) {
      log.error("a background task failed", { error });
    }
  }
}
