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
    // TODO(26): ZADD key 0 name 0 name … in batches of ZADD_BATCH names; sum the replies.
    throw new Error(`TODO(26): RedisPrefix.load() is not implemented (${typeof names})`);
  }

  async search(prefix: string, options?: SearchOptions): Promise<Page> {
    // TODO(26): checkSearch(); ZRANGEBYLEX key [prefix (or (after) (successor (or +) LIMIT 0 limit + 1; pageOf().
    throw new Error(
      `TODO(26): RedisPrefix.search() is not implemented (prefix ${JSON.stringify(prefix)}, ${typeof checkSearch}, ${typeof pageOf}, ${typeof prefixSuccessor}, ${typeof options})`,
    );
  }
}
