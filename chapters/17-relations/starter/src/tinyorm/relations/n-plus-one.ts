// The N+1 detector. One query for 100 posts, then one more per post for its author: 101 round
// trips where 2 would do, and nothing in the code says so — each `await posts.of(post).author()`
// looks innocent on its own. What gives it away is the pattern: the same relation loaded lazily
// for many rows that came back in one result. (Eager loading, load(rows, "author"), is the cure.)
//
// Each result remembers its rows (result-set.ts). When the rows of one result that loaded one
// relation lazily reach the threshold, the detector reports it once for that result, naming the
// caller's line, the loop to change: a process warning by default (Node prints it once, and
// `process.on("warning")` can collect it), an NPlusOneError in tests that should fail on one.
import { callSite } from "./call-site.ts";
import { NPlusOneError } from "./errors.ts";
import { resultOf } from "./result-set.ts";

/** "warn": a process warning; "throw": the lazy load that crosses the threshold throws; "off": nothing. */
export type NPlusOneMode = "warn" | "throw" | "off";

export interface NPlusOneOptions {
  mode?: NPlusOneMode;
  /** How many rows of one result may load one relation lazily before it is reported. */
  threshold?: number;
}

/**
 * Two rows could be a page that shows two; three rows of one result each loading the same
 * relation on its own is a loop. (Rails' Bullet reports from the second; raise it for a page
 * that really wants a few lazy loads.)
 */
export const DEFAULT_N_PLUS_ONE_THRESHOLD = 3;

/** The `code` of the process warning, for a handler that looks for it. */
export const N_PLUS_ONE_WARNING = "TINYORM_N_PLUS_ONE";

let mode: NPlusOneMode = "warn";
let threshold = DEFAULT_N_PLUS_ONE_THRESHOLD;

/** Sets how the detector reports; what is not given goes back to its default. */
export function detectNPlusOne(options: NPlusOneOptions = {}): void {
  const wanted = options.threshold ?? DEFAULT_N_PLUS_ONE_THRESHOLD;
  if (!Number.isInteger(wanted) || wanted < 2) {
    throw new RangeError(`the N+1 threshold is a whole number of rows, at least 2; got ${wanted}`);
  }
  mode = options.mode ?? "warn";
  threshold = wanted;
}

/**
 * Called by every lazy load, before its query (a load that throws sends nothing) and
 * synchronously: the caller's frame is then surely on the stack, whereas V8's async stack traces
 * rebuild it later only across awaits, not through a .then() callback or a timer.
 */
export function noteLazyLoad(instance: object, relation: string): void {
  // TODO(17): nothing when mode is "off" or the instance came back alone (resultOf). Otherwise add
  // it to result.lazyLoads for this relation; when those rows reach the threshold and the
  // relation is not in result.reported yet, add it there and report once, naming callSite():
  // throw an NPlusOneError in mode "throw", else
  // process.emitWarning(message, { type: "NPlusOneWarning", code: N_PLUS_ONE_WARNING }).
}
