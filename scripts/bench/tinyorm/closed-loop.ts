// The load of the tinyorm bench: a number of callers, each awaiting its own query before it
// starts the next (a closed loop, like request handlers sharing one pool), for a fixed time.
// Every answer is checked and timed; a wrong answer or an error is counted, never retried.
import { quantile } from "../stats.ts";

export interface LoopResult {
  readonly queries: number;
  readonly errors: number;
  readonly wrong: number;
  readonly seconds: number;
  readonly queriesPerSecond: number;
  /** Latencies in milliseconds, by nearest rank. */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** CPU time this process spent per query (user + system): what the library costs the client. */
  readonly cpuMicrosPerQuery: number;
  /** The first error, to name in the report. */
  readonly firstError?: string;
}

/**
 * Runs `callers` loops of `query` for `seconds`. `query(i)` answers for key i; `correct` says
 * whether an answer is the right one for it (a bench that measures wrong answers measures nothing).
 */
export async function closedLoop<T>(options: {
  callers: number;
  seconds: number;
  keys: number;
  query: (key: number) => Promise<T>;
  correct: (key: number, answer: T) => boolean;
}): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let wrong = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const until = started + options.seconds * 1000;
  // Keys from a fixed sequence: every contender reads the same rows in the same order.
  let next = 0;
  const caller = async (): Promise<void> => {
    while (performance.now() < until) {
      const key = 1 + ((next++ * 7919) % options.keys);
      const sent = performance.now();
      try {
        const answer = await options.query(key);
        latencies.push(performance.now() - sent);
        if (!options.correct(key, answer)) wrong++;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.callers }, caller));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    queries: latencies.length,
    errors,
    wrong,
    seconds,
    queriesPerSecond: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    cpuMicrosPerQuery: (cpu.user + cpu.system) / Math.max(1, latencies.length),
    ...(firstError ? { firstError } : {}),
  };
}
