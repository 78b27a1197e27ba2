// The availability path: is this name free? Asked on every keystroke of a sign-up form, so most
// answers must come from memory, and none may be a wrong "available".
//
//   check("Ada.Lovelace")
//     policy ─ refused ─────────────────────────────► { available: false, reason, source: "policy" }
//       │ "ada.lovelace"
//     Bloom filter ─ never seen ────────────────────► { available: true, source: "bloom" }    no I/O
//       │ maybe
//     near cache (opt-in) ─ known taken ────────────► { available: false, source: "cache" }   no I/O
//       │ not held
//     Redis GET <prefix>ada.lovelace ─ taken/free ──► { available: …, source: "cache" }
//       │ miss
//     single flight ─► shards.existsMany ─► write back ─► { available: …, source: "db" }
//
// Cache-aside: the shards are the truth and the cache holds copies of their answers; whoever
// misses reads the shards and writes the answer back (SET … PX with a jittered TTL, ttl.ts).
//
// The write-back race. A reader reads "free" from a shard; before it writes that back, someone
// claims the name and the claim updates the cache; then the reader's late write lands and the
// cache says "free" about a taken name until it expires. Closed here by two rules:
//   - claim() OVERWRITES the entry with "taken" (a plain SET, not a DEL);
//   - a reader writes "free" back only where there is no entry (SET … NX): it never replaces
//     anything, so it cannot replace a claim's "taken". Whichever of the two writes lands first,
//     the entry ends as "taken". ("taken" needs no NX: it is never wrong to write, as names are
//     not released here.) A DEL in claim() would reopen the race: the late "free" would find the
//     key empty and NX would let it in.
//
// The near cache (near-cache.ts) keeps "taken" answers in this process, for the same reason
// "taken" needs no NX: it never goes stale. Every "taken" this service learns — from the cache,
// from a shard, from a claim — goes into it.
import type { Redis } from "ioredis";
import { normalizeUsername } from "../normalize/policy.ts";
import type { Reason, Rejected } from "../normalize/reasons.ts";
import { NameTakenError } from "../shards/errors.ts";
import type { ShardSet, TakenName } from "../shards/shard-set.ts";
import { type CacheValue, cacheKey, readCacheValue } from "./cache-keys.ts";
import { Metrics, type MetricsSnapshot, type Source } from "./metrics.ts";
import { NearCache } from "./near-cache.ts";
import { type AvailabilityOptions, checkOptions, type NameFilter } from "./options.ts";
import { SingleFlight } from "./single-flight.ts";
import { jittered } from "./ttl.ts";

/** The most names one checkMany() takes: its MGET and its write-back are each one round trip. */
export const MAX_CHECK_MANY = 100_000;

/** The answer about one name. */
export interface CheckResult {
  /** The name as it was given. */
  name: string;
  /** Its canonical form, or null when the policy refuses it. */
  normalized: string | null;
  available: boolean;
  /** Why the policy refuses it (then available is false). */
  reason?: Reason;
  /** The policy's one line about the refusal. */
  message?: string;
  /** What answered. */
  source: Source;
}

export class Availability {
  readonly #shards: ShardSet;
  readonly #redis: Redis;
  readonly #bloom: NameFilter;
  readonly #prefix: string;
  readonly #takenTtlMs: number;
  readonly #freeTtlMs: number;
  readonly #jitter: number;
  readonly #near: NearCache;
  readonly #flights = new SingleFlight<boolean>();
  readonly #metrics = new Metrics();

  constructor(options: AvailabilityOptions) {
    const checked = checkOptions(options);
    this.#shards = checked.shards;
    this.#redis = checked.redis;
    this.#bloom = checked.bloom;
    this.#prefix = checked.keyPrefix;
    this.#takenTtlMs = checked.takenTtlMs;
    this.#freeTtlMs = checked.freeTtlMs;
    this.#jitter = checked.jitter;
    this.#near = new NearCache(checked.nearCacheSize);
  }

  /** Whether `name` can be claimed, and what said so. */
  async check(name: string): Promise<CheckResult> {
    // TODO(25): normalizeUsername(name) — refused: this.#refused(name, verdict). Then the key
    // (the canonical name): the filter never saw it → this.#answer(name, key, false, "bloom");
    // the near cache holds it → taken, source "cache", no I/O; the cache holds "taken" or "free"
    // at cacheKey(this.#prefix, key) → answer from it, source "cache" ("taken" into the near
    // cache too); else count a miss, and in this.#flights.run(key, …) look the key up (#lookUp) —
    // source "db".
    throw new Error(`TODO(25): Availability.check() is not implemented (${JSON.stringify(name)})`);
  }

  /**
   * The same answers for many names, in their order, in a few round trips whatever their number:
   * the filter in process, one MGET for the names it lets through, one existsMany() for the
   * misses (one statement per shard), one pipeline of write-backs.
   */
  async checkMany(names: readonly string[]): Promise<CheckResult[]> {
    // TODO(25): a TypeError naming names unless it is an array; a RangeError above MAX_CHECK_MANY.
    // The policy, the filter and the near cache answer what they can, in place; one MGET of the cache keys of the
    // rest; the misses (counted) to this.#flights.runMany(their keys, (keys) => this.#lookUp(keys));
    // every answer in the position of its name.
    throw new Error(
      `TODO(25): Availability.checkMany() is not implemented (${names.length} names, at most ${MAX_CHECK_MANY})`,
    );
  }

  /**
   * Claims `name` on its shard (chapter 24), then tells the filter and the cache, so that no check
   * begun after claim() returns can answer "available". A name already taken is a NameTakenError,
   * and the cache learns that too.
   */
  async claim(name: string): Promise<TakenName> {
    // TODO(25): this.#shards.claim(name); then #remember the row's name. A NameTakenError is
    // remembered too (error.username), and thrown on.
    throw new Error(`TODO(25): Availability.claim() is not implemented (${JSON.stringify(name)})`);
  }

  /** The counters so far. */
  metrics(): MetricsSnapshot {
    return this.#metrics.snapshot(this.#flights.joins);
  }

  /** A taken name, into the filter and over whatever the cache held (see the race at the top). */
  async #remember(key: string): Promise<void> {
    // TODO(25): the near cache and bloom.add(key); then SET the cache key to "taken" with the taken TTL, jittered —
    // a SET that replaces whatever is there.
    throw new Error(`TODO(25): Availability.#remember() is not implemented (${key}, ${this.#takenTtlMs} ms)`);
  }

  /** Asks the shards about `keys` (canonical, distinct) and writes every answer back in one pipeline. */
  async #lookUp(keys: string[]): Promise<boolean[]> {
    // TODO(25): count the query (this.#metrics.queried), shards.existsMany(keys), then one
    // pipeline: SET each key's cache entry to "taken" or "free" PX this.#ttl(value) — "free" with
    // NX, so that it never replaces a claim's "taken"; every "taken" into the near cache. Resolve with existsMany's answers.
    throw new Error(`TODO(25): Availability.#lookUp() is not implemented (${keys.length} keys, ${this.#freeTtlMs} ms)`);
  }

  #ttl(value: CacheValue): number {
    return jittered(value === "taken" ? this.#takenTtlMs : this.#freeTtlMs, this.#jitter);
  }

  #answer(name: string, key: string, taken: boolean, source: Source): CheckResult {
    this.#metrics.answered(source);
    return { name, normalized: key, available: !taken, source };
  }

  #refused(name: unknown, verdict: Rejected): CheckResult {
    this.#metrics.answered("policy");
    return {
      name: typeof name === "string" ? name : String(name),
      normalized: null,
      available: false,
      reason: verdict.reason,
      message: verdict.message,
      source: "policy",
    };
  }
}
