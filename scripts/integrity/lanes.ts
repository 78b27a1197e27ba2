// The integrity suite's long files grade chapters in child vitest runs. They queue those runs
// ahead of the tests that read them, so that the runs follow one another without a gap, and
// run a fixed number at a time: a few lanes of work, each a queue.

/** Runs queued work, at most `lanes` at a time, in the order it was queued. */
export class Lanes {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly lanes: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.lanes) this.#running++;
    else await new Promise<void>((start) => this.#waiting.push(start));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/**
 * The same work queued once per key and shared: the first call queues it in `lanes`, later calls
 * get the same promise. It may be queued before anything awaits it: a failure is left to the
 * test that awaits it, not reported as an unhandled rejection.
 */
export function queuedOnce<K, T>(lanes: Lanes): (key: K, work: () => Promise<T>) => Promise<T> {
  const queued = new Map<K, Promise<T>>();
  return (key, work) => {
    let promise = queued.get(key);
    if (!promise) {
      promise = lanes.run(work);
      promise.catch(() => undefined);
      queued.set(key, promise);
    }
    return promise;
  };
}

/** The names of a suite's tests that are to run (a -t filter skips the others). */
export function selectedTests(suite: { tasks: readonly { mode: string; name: string }[] }): string[] {
  return suite.tasks.filter((task) => task.mode === "run").map((task) => task.name);
}
