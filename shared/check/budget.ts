// Time budgets for checks that do a lot of work at once (a thousand clients, two hundred slow
// connections, a stream of many megabytes). Such a stage gets one deadline for the whole of its
// work, scaled to the amount of work, instead of a fixed wait for each reply: on a busy two-core
// machine one reply among thousands may well take seconds while the whole is still done in time.
// When the deadline passes, the failure says what was awaited and how much of the work was done:
// "612 of 1000 clients answered within 15 s".
import { CheckFailure } from "./failure.ts";

/** How much time a stage allows: a floor for its fixed costs, plus so much per unit of work. */
export interface Allowance {
  perUnitMs: number;
  floorMs: number;
}

export function budgetMs(units: number, allowance: Allowance): number {
  return Math.max(allowance.floorMs, Math.ceil(units * allowance.perUnitMs));
}

/** A point in time by which a stage's work must be done. */
export class Deadline {
  readonly at: number;

  constructor(readonly ms: number) {
    this.at = Date.now() + ms;
  }

  /** Time left, for a wait's timeout: at least 1 ms, so a wait past the deadline still times out. */
  left(): number {
    return Math.max(1, this.at - Date.now());
  }

  passed(): boolean {
    return Date.now() >= this.at;
  }

  /** "15 s", "800 ms": the budget as the failure messages say it. */
  describe(): string {
    return this.ms >= 1_000 && this.ms % 100 === 0 ? `${this.ms / 1_000} s` : `${this.ms} ms`;
  }
}

export interface Work {
  /** What is counted: "clients", "slowloris connections". */
  units: string;
  /** What each one has done when it is done: "answered", "got their 408". */
  done: string;
  /** How many there are. */
  count: number;
}

/** Once the deadline has passed, how long the tasks' own waits get to report what they awaited. */
const REPORT_GRACE_MS = 1_000;

/**
 * Runs `task(i)` for every unit of `work` side by side, all within `deadline` (their waits should
 * use `deadline.left()`). The first failure is rethrown with the count of finished units; when
 * the deadline passes, the failure says how many were done in time and what the others awaited.
 */
export async function allWithin(work: Work, deadline: Deadline, task: (index: number) => Promise<void>): Promise<void> {
  let finished = 0;
  const progress = () => `${finished} of ${work.count} ${work.units} ${work.done}`;
  const runs = Array.from({ length: work.count }, (_, i) =>
    task(i).then(() => {
      finished++;
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => {
    // A wait that does not take the deadline (a connect, say) must not hold the stage forever.
    timer = setTimeout(
      () =>
        reject(
          new CheckFailure(`${progress()} within ${deadline.describe()}`, {
            kind: "timeout",
            expected: `all ${work.count} ${work.units} ${work.done} within ${deadline.describe()}`,
            received: `${work.count - finished} were still waiting`,
          }),
        ),
      deadline.left() + REPORT_GRACE_MS,
    );
  });
  try {
    await Promise.race([Promise.all(runs), overdue]);
  } catch (error) {
    for (const run of runs) run.catch(() => undefined); // the first failure speaks for all
    if (!(error instanceof CheckFailure)) throw error;
    const late = error.kind === "timeout";
    throw new CheckFailure(
      late ? `${progress()} within ${deadline.describe()}` : `${error.message} (${progress()} by then)`,
      {
        kind: late ? "timeout" : error.kind,
        ...(error.sent !== undefined ? { sent: error.sent } : {}),
        expected: error.expected,
        received: error.received,
        ...(error.hint !== undefined ? { hint: error.hint } : {}),
      },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** How long one call may take before a check calls it stuck: a reply, a query or a command takes milliseconds. */
export const CALL_TIMEOUT_MS = 5_000;

/** `promise`, or a timeout failure that names what was awaited (and, given one, a hint). */
export async function within<T>(what: string, promise: Promise<T>, ms = CALL_TIMEOUT_MS, hint?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CheckFailure(`no answer within ${ms} ms`, {
            kind: "timeout",
            sent: what,
            expected: `an answer within ${ms} ms`,
            received: "nothing: the promise never settled",
            ...(hint ? { hint } : {}),
          }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
