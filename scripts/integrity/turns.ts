// A limit on how many long gradings run at once. A grading is a child process that spends much
// of its time waiting (for a server to start, for the timeout that proves a check fails), so a
// few side by side keep two cores busy; more than that only make each one slower.

/** A function that runs `work` once fewer than `limit` others started through it are running. */
export function turns(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // A finished one hands its slot straight on, so the count never drops below a waiter.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
