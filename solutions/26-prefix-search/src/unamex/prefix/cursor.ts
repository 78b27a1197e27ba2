// Cursor pagination. A page ends at a name; the next page starts after that name, wherever it
// now is. An offset ("skip 20") would count names inserted before it since the last page, and
// show one name twice or skip one; a name is a position that inserts cannot shift (keyset
// pagination). The cursor is that name's UTF-8 in base64url (RFC 4648 §5): opaque, so callers
// pass it back rather than build one, and plain ASCII in a URL whatever script the name is in.
import type { Page } from "./engine.ts";

/** Base64url without padding, and no longer than a cursor of the longest name needs. */
const CURSOR = /^[A-Za-z0-9_-]{1,1024}$/;
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

export function encodeCursor(name: string): string {
  return Buffer.from(name, "utf8").toString("base64url");
}

/**
 * The name a cursor stands for, or a RangeError naming `after` (a TypeError for a non-string):
 * not base64url, not the canonical spelling of its bytes, not UTF-8, or a name outside `prefix`
 * — a cursor from another search, which would start a page somewhere else.
 */
export function decodeCursor(cursor: unknown, prefix: string): string {
  if (typeof cursor !== "string") throw new TypeError(`after must be a cursor string, not ${typeof cursor}`);
  if (!CURSOR.test(cursor)) throw new RangeError("after is not a cursor: expected base64url from a page's next");
  const bytes = Buffer.from(cursor, "base64url");
  // Node decodes sloppily (it skips what is not base64): only a cursor it would write itself is one.
  if (bytes.toString("base64url") !== cursor)
    throw new RangeError("after is not a cursor: its base64url is not canonical");
  let name: string;
  try {
    name = STRICT_UTF8.decode(bytes);
  } catch {
    throw new RangeError("after is not a cursor: its bytes are not UTF-8");
  }
  if (!name.startsWith(prefix))
    throw new RangeError(`after is a cursor of another search: its name does not start with the prefix`);
  return name;
}

/**
 * A page from up to limit + 1 names read in order: the extra one only says that more follow,
 * so `next` is null exactly on the last page (no empty page at the end of a walk).
 */
export function pageOf(rows: readonly string[], limit: number): Page {
  const names = rows.slice(0, limit);
  const last = names.at(-1);
  return { names, next: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
}
