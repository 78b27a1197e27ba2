// One question, three answers: "which names start with this prefix?", asked of a Redis sorted set,
// of an index in this process and of a Postgres table. Each engine answers a page at a time, in
// the same order — the byte order of the names' UTF-8, which is what Redis (memcmp) and Postgres
// under COLLATE "C" (strcmp) compare — so a page from one is the page from the others.

/** Names a page holds when the caller does not say: an autocomplete box shows about ten. */
export const DEFAULT_LIMIT = 10;
/** The most a page may hold: a bigger page is a bulk export, which deserves its own path. */
export const MAX_LIMIT = 1_000;
/** The longest prefix, in code points: chapter 21's longest name is 30. */
export const MAX_PREFIX_LENGTH = 64;

export interface SearchOptions {
  /** Names per page, 1 to MAX_LIMIT (DEFAULT_LIMIT when absent). */
  limit?: number;
  /** The `next` of the previous page: the page starts after the last name it returned. */
  after?: string | null;
}

export interface Page {
  /** At most `limit` names that start with the prefix, ascending in UTF-8 byte order. */
  names: string[];
  /** The cursor of the next page, or null when this page holds the last match. */
  next: string | null;
}

export interface PrefixEngine {
  search(prefix: string, options?: SearchOptions): Promise<Page>;
}
