// The rows of one result, remembered together. A query that returned 100 posts made 100
// instances that know nothing of each other; the N+1 detector needs to know that the post whose
// author is being loaded on its own is one of 100 that came back together — because a loop over
// them will load the other 99 the same way, one query each.
//
// The link is kept in a WeakMap keyed by the instance: it costs the instances nothing, and a
// result no one holds any more is collected with its rows.

/** One result of a query that returned rows, as the N+1 detector sees it. */
export interface ResultSet {
  /** How many rows the result had. */
  readonly size: number;
  /** For each relation ("Post.author"), the rows of this result that loaded it lazily. */
  readonly lazyLoads: Map<string, Set<object>>;
  /** The relations already reported for this result: each is reported once. */
  readonly reported: Set<string>;
}

const resultOfInstance = new WeakMap<object, ResultSet>();

/** Links the instances of one result to each other, and returns them. A single row cannot loop. */
export function rememberResult<I>(instances: I[]): I[] {
  if (instances.length < 2) return instances;
  const result: ResultSet = { size: instances.length, lazyLoads: new Map(), reported: new Set() };
  for (const instance of instances) {
    if (typeof instance === "object" && instance !== null) resultOfInstance.set(instance, result);
  }
  return instances;
}

/** The result `instance` came back in, when it came back with others. */
export function resultOf(instance: object): ResultSet | undefined {
  return resultOfInstance.get(instance);
}
