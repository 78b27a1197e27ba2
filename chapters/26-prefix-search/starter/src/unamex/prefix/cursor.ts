// Cursor pagination. A page ends at a name; the next page starts after that name, wherever it
// now is. An offset ("skip 20") would count names inserted before it since the last page, and
// show one name twice or skip one; a name is a position that inserts cannot shift (keyset
// pagination). The cursor is that name's UTF-8 in base64url (RFC 4648 §5): opaque, so callers
// pass it back rather than build one, and plain ASCII in a URL whatever script the name is in.
import type { Page } from "./engine.ts";

export function encodeCursor(name: string): string {
  // TODO(26): the name's UTF-8, in base64url.
  throw new Error(`TODO(26): encodeCursor() is not implemented (name ${JSON.stringify(name)})`);
}

/**
 * The name a cursor stands for, or a RangeError naming `after` (a TypeError for a non-string):
 * not base64url, not the canonical spelling of its bytes, not UTF-8, or a name outside `prefix`
 * — a cursor from another search, which would start a page somewhere else.
 */
export function decodeCursor(cursor: unknown, prefix: string): string {
  // TODO(26): check the type, the base64url alphabet, the canonical spelling, strict UTF-8, and the prefix.
  throw new Error(
    `TODO(26): decodeCursor() is not implemented (cursor ${JSON.stringify(cursor)}, prefix ${JSON.stringify(prefix)})`,
  );
}

/**
 * A page from up to limit + 1 names read in order: the extra one only says that more follow,
 * so `next` is null exactly on the last page (no empty page at the end of a walk).
 */
export function pageOf(rows: readonly string[], limit: number): Page {
  // TODO(26): the first `limit` rows; next = the cursor of the last of them when a row beyond them was read, else null.
  throw new Error(`TODO(26): pageOf() is not implemented (${rows.length} rows, limit ${limit})`);
}
