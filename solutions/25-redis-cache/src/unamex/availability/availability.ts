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
    const verdict = normalizeUsername(name);
    if (!verdict.ok) return this.#refused(name, verdict);
    const key = verdict.name;
    if (!(await this.#bloom.has(key))) return this.#answer(name, key, false, "bloom");
    if (this.#near.has(key)) return this.#answer(name, key, true, "cache");
    const cached = readCacheValue(await this.#redis.get(cacheKey(this.#prefix, key)));
    if (cached === "taken") this.#near.add(key);
    if (cached) return this.#answer(name, key, cached === "taken", "cache");
    this.#metrics.missed();
    const taken = await this.#flights.run(key, async () => (await this.#lookUp([key]))[0]!);
    return this.#answer(name, key, taken, "db");
  }

  /**
   * The same answers for many names, in their order, in a few round trips whatever their number:
   * the filter in process, one MGET for the names it lets through, one existsMany() for the
   * misses (one statement per shard), one pipeline of write-backs.
   */
  async checkMany(names: readonly string[]): Promise<CheckResult[]> {
    if (!Array.isArray(names)) throw new TypeError("names must be an array of names");
    if (names.length > MAX_CHECK_MANY)
      throw new RangeError(`names must hold at most ${MAX_CHECK_MANY} names, not ${names.length}`);
    const results: CheckResult[] = new Array(names.length);
    const maybe: { index: number; key: string }[] = [];
    for (const [index, name] of names.entries()) {
      const verdict = normalizeUsername(name);
      if (!verdict.ok) results[index] = this.#refused(name, verdict);
      else if (!(await this.#bloom.has(verdict.name)))
        results[index] = this.#answer(name, verdict.name, false, "bloom");
      else if (this.#near.has(verdict.name)) results[index] = this.#answer(name, verdict.name, true, "cache");
      else maybe.push({ index, key: verdict.name });
    }
    if (maybe.length === 0) return results;
    const cached = await this.#redis.mget(maybe.map(({ key }) => cacheKey(this.#prefix, key)));
    const missed: { index: number; key: string }[] = [];
    for (const [at, { index, key }] of maybe.entries()) {
      const value = readCacheValue(cached[at]);
      if (value === "taken") this.#near.add(key);
      if (value) results[index] = this.#answer(names[index]!, key, value === "taken", "cache");
      else missed.push({ index, key });
    }
    if (missed.length === 0) return results;
    this.#metrics.missed(missed.length);
    const answers = await Promise.all(
      this.#flights.runMany(
        missed.map(({ key }) => key),
        (keys) => this.#lookUp(keys),
      ),
    );
    for (const [at, { index, key }] of missed.entries())
      results[index] = this.#answer(names[index]!, key, answers[at]!, "db");
    return results;
  }

  /**
   * Claims `name` on its shard (chapter 24), then tells the filter and the cache, so that no check
   * begun after claim() returns can answer "available". A name already taken is a NameTakenError,
   * and the cache learns that too.
   */
  async claim(name: string): Promise<TakenName> {
    let row: TakenName;
    try {
      row = await this.#shards.claim(name);
    } catch (error) {
      if (error instanceof NameTakenError) await this.#remember(error.username);
      throw error;
    }
    await this.#remember(row.name);
    return row;
  }

  /** The counters so far. */
  metrics(): MetricsSnapshot {
    return this.#metrics.snapshot(this.#flights.joins);
  }

  /** A taken name, into the filter and over whatever the cache held (see the race at the top). */
  async #remember(key: string): Promise<void> {
    this.#near.add(key);
    await this.#bloom.add(key);
    await this.#redis.set(cacheKey(this.#prefix, key), "taken", "PX", jittered(this.#takenTtlMs, this.#jitter));
  }

  /** Asks the shards about `keys` (canonical, distinct) and writes every answer back in one pipeline. */
  async #lookUp(keys: string[]): Promise<boolean[]> {
    this.#metrics.queried(keys.length);
    const taken = await this.#shards.existsMany(keys);
    const pipeline = this.#redis.pipeline();
    for (const [index, key] of keys.entries()) {
      const value: CacheValue = taken[index] ? "taken" : "free";
      if (value === "taken") {
        this.#near.add(key);
        pipeline.set(cacheKey(this.#prefix, key), value, "PX", this.#ttl(value));
      } else pipeline.set(cacheKey(this.#prefix, key), value, "PX", this.#ttl(value), "NX");
    }
    await pipeline.exec();
    return taken;
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
