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
    const flying = this.#flights.get(key);
    if (flying) {
      this.#joins++;
      return flying;
    }
    return this.#lead(key, start());
  }

  /**
   * Many keys at once: those with a flight under way join it; the others share one flight of
   * `start(their keys)`, which resolves with their answers in the same order.
   */
  runMany(keys: readonly string[], start: (keys: string[]) => Promise<V[]>): Promise<V>[] {
    const fresh = new Set(keys.filter((key) => !this.#flights.has(key)));
    if (fresh.size > 0) {
      const batch = start([...fresh]);
      for (const [at, key] of [...fresh].entries())
        this.#lead(
          key,
          batch.then((answers) => answers[at]!),
        );
    }
    return keys.map((key) => {
      if (!fresh.has(key)) this.#joins++;
      return this.#flights.get(key)!;
    });
  }

  #lead(key: string, flight: Promise<V>): Promise<V> {
    this.#flights.set(key, flight);
    const forget = () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    flight.then(forget, forget);
    return flight;
  }
}
