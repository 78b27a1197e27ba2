// The Redis engine: one sorted set, every member at score 0. When all scores are equal, Redis
// orders members by their bytes (memcmp), and ZRANGEBYLEX reads a range of that order: "[a" is
// a ≤, "(a" a <, "+" the end (https://redis.io/docs/latest/commands/zrangebylex/). A prefix is
// the range [prefix, successor): a skip-list descent to its start, then a walk of limit + 1
// members, O(log N + limit) whatever the number of names.
import type { Redis } from "ioredis";
import { checkSearch } from "./arguments.ts";
import { pageOf } from "./cursor.ts";
import type { Page, PrefixEngine, SearchOptions } from "./engine.ts";
import { prefixSuccessor } from "./successor.ts";

/** Members per ZADD: big enough to cost few round trips, small enough not to stall the server. */
export const ZADD_BATCH = 10_000;

export class RedisPrefix implements PrefixEngine {
  constructor(
    readonly redis: Redis,
    /** The sorted set's key. */
    readonly key: string,
  ) {}

  /** Adds `names` (score 0 each); resolves with how many were new. */
  async load(names: Iterable<string>): Promise<number> {
    let added = 0;
    let batch: (string | number)[] = [];
    const flush = async () => {
      if (batch.length > 0) added += await this.redis.zadd(this.key, ...batch);
      batch = [];
    };
    for (const name of names) {
      batch.push(0, name);
      if (batch.length >= 2 * ZADD_BATCH) await flush();
    }
    await flush();
    return added;
  }

  async search(prefix: string, options?: SearchOptions): Promise<Page> {
    const { prefix: checked, limit, after } = checkSearch(prefix, options);
    const min = after === null ? `[${checked}` : `(${after}`;
    const successor = prefixSuccessor(checked);
    const max = successor === null ? "+" : `(${successor}`;
    const rows = await this.redis.zrangebylex(this.key, min, max, "LIMIT", 0, limit + 1);
    return pageOf(rows, limit);
  }
}
