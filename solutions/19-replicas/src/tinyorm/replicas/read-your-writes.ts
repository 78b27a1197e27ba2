// Read-your-writes: a request that wrote must see its write, even though its next read goes to
// a standby that may not have replayed it yet. Two ways are common: read from the primary for a
// fixed window after a write (a guess: too short under lag, needlessly long without), or remember
// where the write ended in the WAL and read from a standby only once it has replayed that far.
// tinyorm does the second. The position is the primary's insert LSN taken after the write
// (lag.ts); a standby that reports pg_last_wal_replay_lsn() at or past it has the write.
//
// The scope is one asynchronous flow, like a transaction (model/db.ts): DB.router.readYourWrites()
// runs a callback — a request's handler — and the writes made inside it pin its reads, not anyone
// else's.
import { AsyncLocalStorage } from "node:async_hooks";

/** What one scope knows: the furthest WAL position its writes reached, until a standby has it. */
export class WriteToken {
  #lsn: bigint | undefined;

  get lsn(): bigint | undefined {
    return this.#lsn;
  }

  /** A write ended at `lsn`: reads wait for a standby to replay this far. */
  wrote(lsn: bigint): void {
    if (this.#lsn === undefined || lsn > this.#lsn) this.#lsn = lsn;
  }

  /** A standby has replayed up to `replayed`: true if it has every write of this scope. */
  replayedBy(replayed: bigint): boolean {
    if (this.#lsn === undefined || replayed >= this.#lsn) {
      // Caught up: the next reads need not ask again.
      this.#lsn = undefined;
      return true;
    }
    return false;
  }
}

export class ReadYourWrites {
  readonly #scope = new AsyncLocalStorage<WriteToken>();

  /** Runs `work` as one scope: its reads see its own writes. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.#scope.run(new WriteToken(), work);
  }

  /** The scope the caller runs in, if any. */
  current(): WriteToken | undefined {
    return this.#scope.getStore();
  }
}
