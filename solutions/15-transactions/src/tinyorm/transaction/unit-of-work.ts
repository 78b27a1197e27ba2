// What a transaction knows about the model instances it read and wrote: an identity map and a
// list of instances to flush.
//
// Identity map: inside one transaction, one row is one object. Load users/7 twice — by find(),
// by a query, from two functions that know nothing of each other — and both get the same
// instance, so a change made through one is seen through the other, and no two copies of one row
// can each save their own version of it. Outside a transaction there is none: each query gives
// new instances, because without a transaction two reads may rightly see two versions of a row.
//
// Flush: at commit, every instance the transaction knows is saved before COMMIT (save() sends
// nothing for one that has not changed). On rollback nothing is flushed: the changes stay in the
// objects, and never reach the database.

/** What the unit of work needs of a model instance: a save() that sends its changes, if it has any. */
export interface Tracked {
  save(): Promise<void>;
}

export class UnitOfWork {
  /** Model class → primary key → the one instance of that row. */
  readonly #identities = new Map<object, Map<unknown, Tracked>>();

  /** The instance already loaded for this model and key, if any. */
  get(model: object, key: unknown): Tracked | undefined {
    return this.#identities.get(model)?.get(key);
  }

  /** Makes `instance` the one object of its row for the rest of the transaction. */
  track(model: object, key: unknown, instance: Tracked): void {
    let byKey = this.#identities.get(model);
    if (!byKey) this.#identities.set(model, (byKey = new Map()));
    byKey.set(key, instance);
  }

  /** Forgets a deleted row: it has nothing to flush, and a new row may take its key. */
  forget(model: object, key: unknown): void {
    this.#identities.get(model)?.delete(key);
  }

  /** Forgets everything: after a savepoint rolls back, what was loaded may no longer match its rows. */
  clear(): void {
    this.#identities.clear();
  }

  /** Saves every instance the transaction knows, one after the other (they share one session). */
  async flush(): Promise<void> {
    for (const byKey of this.#identities.values()) for (const instance of byKey.values()) await instance.save();
  }
}
