// The upper end of a prefix range. Every name that starts with p lies in [p, successor(p)): the
// successor is the smallest string greater than all of them, so a sorted store answers a prefix
// query with one range read instead of testing each name.
//
// The order is that of code points, which is also the order of the UTF-8 bytes (RFC 3629 §1:
// "byte-oriented sorting of UTF-8 strings preserves code point order"), the order Redis and
// Postgres under COLLATE "C" compare in. It is not JavaScript's order: `<` compares UTF-16 units,
// and an astral character (U+10000 and up, two surrogate units 0xD800–0xDBFF) sorts there before
// U+E000–U+FFFF, while its UTF-8 (F0 …) sorts after their EF ….
//
// So: bump the last code point by one, and drop whatever follows. U+10FFFF cannot be bumped — no
// code point is greater — so it is dropped and the one before it is bumped; a prefix made only of
// U+10FFFF (or the empty prefix) has no upper end at all. Surrogates are not characters (they
// cannot be written in UTF-8), so the code point after U+D7FF is U+E000.

/** The greatest code point Unicode defines. */
export const MAX_CODE_POINT = 0x10ffff;
/** The smallest string greater, in UTF-8 byte order, than every string that starts with `prefix`; null when none is. */
export function prefixSuccessor(prefix: string): string | null {
  // TODO(26): split into code points; bump the last (U+D7FF → U+E000), or drop a U+10FFFF and bump the one before; none left: null.
  throw new Error(`TODO(26): prefixSuccessor() is not implemented (prefix ${JSON.stringify(prefix)})`);
}
