// The checks every engine makes before it asks its store anything. A bad argument is the
// caller's mistake, so it gets a TypeError (wrong type) or a RangeError (wrong value) whose
// message names the argument — never a Redis or Postgres error about a query it did not write.
import { decodeCursor } from "./cursor.ts";
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_PREFIX_LENGTH, type SearchOptions } from "./engine.ts";

export interface CheckedSearch {
  prefix: string;
  limit: number;
  /** The name the page starts after, decoded from the cursor; null for a first page. */
  after: string | null;
}

/** A lone surrogate (half of a UTF-16 pair): no UTF-8 spelling, so no place in byte order. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** `prefix` and `options` checked and decoded, or a TypeError/RangeError naming the bad argument. */
export function checkSearch(prefix: unknown, options: SearchOptions | undefined): CheckedSearch {
  if (typeof prefix !== "string") throw new TypeError(`prefix must be a string, not ${typeof prefix}`);
  if (LONE_SURROGATE.test(prefix)) throw new RangeError("prefix holds a lone surrogate, which has no UTF-8 form");
  // Postgres text cannot hold U+0000, so no name can start with it.
  if (prefix.includes("\0")) throw new RangeError("prefix holds U+0000, which no name can hold");
  const length = [...prefix].length;
  if (length > MAX_PREFIX_LENGTH)
    throw new RangeError(`prefix is ${length} code points long; at most ${MAX_PREFIX_LENGTH}`);
  if (options !== undefined && (typeof options !== "object" || options === null))
    throw new TypeError("options must be an object { limit, after }");
  const limit = options?.limit ?? DEFAULT_LIMIT;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new RangeError(`limit must be a whole number from 1 to ${MAX_LIMIT}, not ${String(limit)}`);
  const cursor = options?.after ?? null;
  return { prefix, limit, after: cursor === null ? null : decodeCursor(cursor, prefix) };
}
