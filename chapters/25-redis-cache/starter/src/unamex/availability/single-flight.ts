// Single flight: while one lookup of a key is under way, every other caller who wants the same
// key waits for that lookup instead of starting its own (the name comes from Go's
// golang.org/x/sync/singleflight).
//
//   check("ada") ─ miss ─► flight "ada": existsMany(["ada"]) ─► write back ─┐
//   check("ada") ─ miss ─► joins ─────────────────────────────────────────┤─► the same answer
//   check("ada") ─ miss ─► joins ─────────────────────────────────────────┘
//
// A thousand misses of one key in one process become one query. The flight is forgotten as soon
// as it settles, with its answer or its error: the next miss after that asks again, so an error
// is shared by those who waited for it but never cached.

export class SingleFlight<V> {
  readonly #flights = new Map<string, Promise<V>>();
  #joins = 0;

  /** Callers who found a flight under way and waited for it instead of starting one. */
  get joins(): number {
    return this.#joins;
  }

  /** The flight of `key` if one is under way (counted as a join), or `start()`'s, shared from now until it settles. */
  run(key: string, start: () => Promise<V>): Promise<V> {
    // TODO(25): a flight of key in #flights → count a join and return it. Otherwise start() is
    // the flight: store it, and delete it once it settles (resolved or rejected) — but only if it
    // is still the one stored.
    throw new Error(
      `TODO(25): SingleFlight.run() is not implemented (${key}, ${this.#flights.size} flying, ${typeof start})`,
    );
  }

  /**
   * Many keys at once: those with a flight under way join it; the others share one flight of
   * `start(their keys)`, which resolves with their answers in the same order.
   */
  runMany(keys: readonly string[], start: (keys: string[]) => Promise<V[]>): Promise<V>[] {
    // TODO(25): the keys with no flight (each once) go to one start(); each of them gets a
    // flight of its own answer (batch.then((answers) => answers[i])), stored and forgotten like
    // run()'s. Return the flight of every key, in order, counting a join for each that was flying.
    throw new Error(
      `TODO(25): SingleFlight.runMany() is not implemented (${keys.length} keys, ${typeof start}, ${this.#joins} joins)`,
    );
  }
}
