// Mistakes a learner could make in chapter 25, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const AVAILABILITY = "src/unamex/availability/availability.ts";
const FLIGHT = "src/unamex/availability/single-flight.ts";
const METRICS = "src/unamex/availability/metrics.ts";
const TTL = "src/unamex/availability/ttl.ts";
const OPTIONS = "src/unamex/availability/options.ts";
const NEAR = "src/unamex/availability/near-cache.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "25.1",
    file: AVAILABILITY,
    from: '    if (!(await this.#bloom.has(key))) return this.#answer(name, key, false, "bloom");\n    if (this.#near',
    to: "    if (this.#near",
    what: "the filter never asked: every free name costs a Redis round trip",
  },
  {
    stage: "25.1",
    file: TTL,
    from: "  return Math.max(1, Math.round(ttlMs * (1 - jitter * random())));",
    to: "  return ttlMs;",
    what: "no jitter: names cached together expire together",
  },
  {
    stage: "25.1",
    file: TTL,
    from: "  return Math.max(1, Math.round(ttlMs * (1 - jitter * random())));",
    to: "  return Math.max(1, Math.round(ttlMs * (1 + jitter * random())));",
    what: "jitter added instead of taken off: an answer outlives its TTL",
  },
  {
    stage: "25.1",
    file: AVAILABILITY,
    from: 'return jittered(value === "taken" ? this.#takenTtlMs : this.#freeTtlMs, this.#jitter);',
    to: "return jittered(this.#takenTtlMs, this.#jitter);",
    what: 'a "free" answer cached as long as a "taken" one',
  },
  {
    stage: "25.1",
    file: AVAILABILITY,
    from: "    const cached = readCacheValue(await this.#redis.get(cacheKey(this.#prefix, key)));",
    to: "    const cached = readCacheValue(await this.#redis.get(cacheKey(this.#prefix, name)));",
    what: "the cache read under the name as typed: written under the canonical name, it is never found",
  },
  {
    stage: "25.2",
    file: AVAILABILITY,
    from: "    const cached = await this.#redis.mget(maybe.map(({ key }) => cacheKey(this.#prefix, key)));",
    to: "    const cached = await Promise.all(maybe.map(({ key }) => this.#redis.get(cacheKey(this.#prefix, key))));",
    what: "checkMany() reads the cache with a GET per name",
  },
  {
    stage: "25.2",
    file: AVAILABILITY,
    from: '      results[index] = this.#answer(names[index]!, key, answers[at]!, "db");',
    to: '      results[index] = this.#answer(names[index]!, key, answers[index]!, "db");',
    what: "the shards' answers put back by the wrong index: taken names reported free",
  },
  {
    stage: "25.2",
    file: AVAILABILITY,
    from: "      else if (!(await this.#bloom.has(verdict.name)))",
    to: "      else if (!(await this.#bloom.has(String(name))))",
    what: "checkMany() asks the filter about the name as typed: a taken name in upper case looks free",
  },
  {
    stage: "25.3",
    file: AVAILABILITY,
    from: 'await this.#redis.set(cacheKey(this.#prefix, key), "taken", "PX", jittered(this.#takenTtlMs, this.#jitter));',
    to: "await this.#redis.del(cacheKey(this.#prefix, key));",
    what: 'claim() deletes the cached answer instead of overwriting it: a late "free" write-back lands in the empty key',
  },
  {
    stage: "25.3",
    file: AVAILABILITY,
    from: 'else pipeline.set(cacheKey(this.#prefix, key), value, "PX", this.#ttl(value), "NX");',
    to: 'else pipeline.set(cacheKey(this.#prefix, key), value, "PX", this.#ttl(value));',
    what: 'a "free" written back over whatever is there: a reader\'s late write replaces the claim\'s "taken"',
  },
  {
    stage: "25.3",
    file: AVAILABILITY,
    from: "    await this.#remember(row.name);\n",
    to: "",
    what: 'claim() tells neither the filter nor the cache: a cached "free" outlives the claim',
  },
  {
    stage: "25.3",
    file: AVAILABILITY,
    from: "    await this.#bloom.add(key);\n",
    to: "",
    what: 'claim() never adds the name to the filter: the filter still says "certainly free"',
  },
  {
    stage: "25.4",
    file: FLIGHT,
    from: "    if (flying) {",
    to: "    if (flying && this.#flights.size < 0) {",
    what: "no single flight: every miss of a stampede sends its own query",
  },
  {
    stage: "25.4",
    file: FLIGHT,
    from: "    flight.then(forget, forget);",
    to: "",
    what: "a flight never forgotten: later misses get its old answer and never ask the shard again",
  },
  {
    stage: "25.4",
    file: FLIGHT,
    from: "    return this.#joins;",
    to: "    return this.#joins + 1;",
    what: "joins over-counted by one",
  },
  {
    stage: "25.4",
    file: METRICS,
    from: "    const lookups = hits + this.#misses;",
    to: "    const lookups = this.#checks;",
    what: "the hit ratio over every check, the filter's and the policy's answers included",
  },
  {
    stage: "25.5",
    file: AVAILABILITY,
    from: "    if (!verdict.ok) return this.#refused(name, verdict);",
    to: "    if (!verdict.ok) throw new TypeError(verdict.message);",
    what: "a refused name thrown as an exception instead of answered with the policy's reason",
  },
  {
    stage: "25.5",
    file: OPTIONS,
    from: "  if (!Number.isInteger(ttl) || (ttl as number) < 1 || (ttl as number) > MAX_TTL_MS)",
    to: "  if ((ttl as number) < 1)",
    what: "a TTL of 1.5 ms, NaN or forty days accepted",
  },
  {
    stage: "25.5",
    file: OPTIONS,
    from: '  if (typeof jitter !== "number" || !(jitter >= 0 && jitter <= MAX_JITTER))',
    to: "  if (jitter < 0)",
    what: "a jitter of 0.9 or NaN accepted",
  },
  {
    stage: "25.6",
    file: AVAILABILITY,
    from: '    if (this.#near.has(key)) return this.#answer(name, key, true, "cache");\n',
    to: "",
    what: "check() never asks the near cache: every warm check of a taken name is still a Redis round trip",
  },
  {
    stage: "25.6",
    file: AVAILABILITY,
    from: '    if (cached === "taken") this.#near.add(key);',
    to: "    if (cached) this.#near.add(key);",
    what: 'a "free" from Redis kept in the near cache too: the free name is then answered as taken, and a claim elsewhere would never reach it',
  },
  {
    stage: "25.6",
    file: AVAILABILITY,
    from: "    this.#near.add(key);\n    await this.#bloom.add(key);",
    to: "    await this.#bloom.add(key);",
    what: 'a claim\'s "taken" left out of the near cache: the next check asks Redis',
  },
  {
    stage: "25.6",
    file: NEAR,
    from: "    if (!this.#names.delete(key)) return false;\n    this.#names.add(key);\n    return true;",
    to: "    return this.#names.has(key);",
    what: "a hit does not make the name the most recently used: first in, first out, and a name in constant use is dropped",
  },
  {
    stage: "25.6",
    file: NEAR,
    from: "    if (this.#names.size > this.#capacity) {",
    to: "    if (this.#names.size > this.#capacity * 1_000) {",
    what: "never full: the near cache grows past nearCacheSize with every taken name checked",
  },
];
