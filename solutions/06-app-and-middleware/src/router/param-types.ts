// What a parameter's type accepts and what it turns a segment into. A segment that its type
// does not accept is not an error: that route just does not match, and the router tries the
// next candidate (a different route may well accept it).

export type ParamType = "str" | "int" | "path";
export type ParamValue = string | number;

/**
 * Converts one decoded segment for a {name} or {name:int} parameter; undefined when the
 * segment is not acceptable. An empty segment ("/users//posts") never fills a parameter.
 */
export function convertParam(type: "str" | "int", segment: string): ParamValue | undefined {
  if (segment === "") return undefined;
  return type === "int" ? parseInteger(segment) : segment;
}

/**
 * Decimal digits with an optional leading "-", within JavaScript's safe integers: beyond
 * 2^53 − 1, distinct ids would silently become the same number. No "+", no spaces, no
 * "1e3", no "0x10": Number() would accept all of those.
 */
function parseInteger(segment: string): number | undefined {
  const digits = segment.startsWith("-") ? segment.slice(1) : segment;
  if (digits === "") return undefined;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const value = Number(segment);
  return Number.isSafeInteger(value) ? value : undefined;
}
