// The same filter, kept in Redis so that every process of the service shares it. The bits are
// one Redis string, in the same order as in memory (bit-array.ts); the k positions of a key are
// computed here, by the same code as in process, and sent in one command:
//
//   add("ada")   BITFIELD     bloom SET u1 1187 1 SET u1 90112 1 …   → the old bits: [0, 1, …]
//   has("ada")   BITFIELD_RO  bloom GET u1 1187 GET u1 90112 …       → the bits:     [1, 1, …]
//
// One command is one round trip, and Redis runs each command alone (it executes commands one at a
// time), so an add is atomic: two processes adding at once cannot lose a bit, and "was it new?"
// is answered by the same command that set it. A GETBIT per position would take k round trips
// and could interleave with other clients; reading the string, setting bits and writing it back
// would lose every add made in between. (https://redis.io/docs/latest/commands/bitfield/)
//
// The parameters live beside the bits, in `<key>:params`, written once by the first open(): a
// process that opens the key with another capacity or error rate would compute other positions,
// so it is refused instead of answering wrong.
import type { Redis } from "ioredis";
import { byteLength } from "./bit-array.ts";
import { BloomFilter, parametersOf } from "./bloom-filter.ts";
import { keyIndexes } from "./double-hashing.ts";
import { FORMAT_VERSION } from "./serialize.ts";
import { type BloomParameters, bloomParameters } from "./sizing.ts";
import { type BloomStats, bloomStats } from "./stats.ts";

/** Keys per command in addMany()/hasMany(): 1,000 keys at k = 7 are 28,000 arguments, a few ms of Redis's time. */
export const BATCH_KEYS = 1_000;

export class RedisBloom implements BloomParameters {
  readonly capacity: number;
  readonly errorRate: number;
  readonly bits: number;
  readonly hashes: number;

  /**
   * The filter at `redisKey`, sized for `capacity` keys at `errorRate`: created empty if it does
   * not exist; a RangeError if it exists with other parameters.
   */
  static async open(redis: Redis, redisKey: string, capacity: number, errorRate: number): Promise<RedisBloom> {
    if (typeof redisKey !== "string" || redisKey === "")
      throw new TypeError(`redisKey must be a non-empty string, not ${JSON.stringify(redisKey)}`);
    const parameters = bloomParameters(capacity, errorRate);
    const wanted = describe(parameters);
    const paramsKey = `${redisKey}:params`;
    await redis.set(paramsKey, wanted, "NX");
    const stored = await redis.get(paramsKey);
    if (stored !== wanted)
      throw new RangeError(
        `the filter at "${redisKey}" was made as "${stored}"; capacity and errorRate give "${wanted}"`,
      );
    return new RedisBloom(redis, redisKey, parameters);
  }

  private constructor(
    private readonly redis: Redis,
    readonly redisKey: string,
    parameters: BloomParameters,
  ) {
    this.capacity = parameters.capacity;
    this.errorRate = parameters.errorRate;
    this.bits = parameters.bits;
    this.hashes = parameters.hashes;
  }

  /** Adds a key in one BITFIELD command; true when it set a new bit. */
  async add(key: string): Promise<boolean> {
    return (await this.addMany([key])) === 1;
  }

  /** Looks a key up in one BITFIELD_RO command. */
  async has(key: string): Promise<boolean> {
    const [found] = await this.hasMany([key]);
    return found === true;
  }

  /** Adds every key, BATCH_KEYS to a BITFIELD command; returns how many set a new bit. */
  async addMany(keys: Iterable<string>): Promise<number> {
    let added = 0;
    for (const batch of batches(keys)) {
      const old = await this.#bitfield("BITFIELD", "SET", batch, ["1"]);
      for (let at = 0; at < old.length; at += this.hashes) if (old.slice(at, at + this.hashes).includes(0)) added++;
    }
    return added;
  }

  /** Looks every key up, BATCH_KEYS to a BITFIELD_RO command; the answers in the keys' order. */
  async hasMany(keys: Iterable<string>): Promise<boolean[]> {
    const found: boolean[] = [];
    for (const batch of batches(keys)) {
      const bits = await this.#bitfield("BITFIELD_RO", "GET", batch, []);
      for (let at = 0; at < bits.length; at += this.hashes) found.push(!bits.slice(at, at + this.hashes).includes(0));
    }
    return found;
  }

  /** The same figures as BloomFilter.stats(), from one BITCOUNT. */
  async stats(): Promise<BloomStats> {
    return bloomStats(parametersOf(this), await this.redis.bitcount(this.redisKey));
  }

  /** A copy of the filter in process, from one GET. */
  async toFilter(): Promise<BloomFilter> {
    const value = (await this.redis.getBuffer(this.redisKey)) ?? Buffer.alloc(0);
    // Redis grows the string only as far as the highest bit set: the rest are zeros.
    const bytes = new Uint8Array(byteLength(this.bits));
    bytes.set(value.subarray(0, bytes.length));
    return new BloomFilter(parametersOf(this), bytes);
  }

  /** Replaces the bits with a filter built in process (one SET: a million keys loaded at once). */
  async load(filter: BloomFilter): Promise<void> {
    if (describe(filter) !== describe(this))
      throw new RangeError(`filter must have the parameters "${describe(this)}", not "${describe(filter)}"`);
    await this.redis.set(this.redisKey, Buffer.from(filter.toBytes()));
  }

  /** One BITFIELD(_RO) command: `op` u1 at each position of each key, then `value`. */
  async #bitfield(command: string, op: string, keys: readonly string[], value: readonly string[]): Promise<number[]> {
    const args: string[] = [];
    for (const key of keys) for (const index of keyIndexes(key, this)) args.push(op, "u1", String(index), ...value);
    const reply = await this.redis.call(command, this.redisKey, ...args);
    if (!Array.isArray(reply) || reply.length !== keys.length * this.hashes)
      throw new Error(`${command} answered ${JSON.stringify(reply)}, not ${keys.length * this.hashes} bits`);
    return reply as number[];
  }
}

/** The parameters as stored beside the bits: "v1 m=9585059 k=7 n=1000000 p=0.01". */
function describe(p: BloomParameters): string {
  return `v${FORMAT_VERSION} m=${p.bits} k=${p.hashes} n=${p.capacity} p=${p.errorRate}`;
}

function* batches(keys: Iterable<string>): Generator<string[]> {
  let batch: string[] = [];
  for (const key of keys) {
    batch.push(key);
    if (batch.length === BATCH_KEYS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
