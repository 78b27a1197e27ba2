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

/** `prefix` and `options` checked and decoded, or a TypeError/RangeError naming the bad argument. */
export function checkSearch(prefix: unknown, options: SearchOptions | undefined): CheckedSearch {
  // TODO(26): prefix a string with no lone surrogate, no U+0000, at most MAX_PREFIX_LENGTH code points; limit (DEFAULT_LIMIT
  // when absent) a whole number from 1 to MAX_LIMIT; after decoded with decodeCursor(). Each error names its argument.
  throw new Error(
    `TODO(26): checkSearch() is not implemented (prefix ${String(prefix)}, ${DEFAULT_LIMIT} to ${MAX_LIMIT} names, ${MAX_PREFIX_LENGTH} code points, ${typeof options}, ${typeof decodeCursor})`,
  );
}
