// One order for every tie in suggestions: code points, which is also UTF-8 byte order (RFC 3629
// §1), the order chapter 26's engines return names in. Not `<` on strings: that compares UTF-16
// units and puts an astral character before U+E000–U+FFFF.

/** Negative, zero or positive as `a` comes before, with or after `b` in code point order. */
export function byCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}
