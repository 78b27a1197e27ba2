// What a parameter's type accepts and what it turns a segment into. A segment that its type
// does not accept is not an error: that route just does not match, and the router tries the
// next candidate (a different route may well accept it).

export type ParamType = "str" | "int" | "path";
export type ParamValue = string | number;

/**
 * Converts one decoded segment for a {name} or {name:int} parameter; undefined when the
 * segment is not acceptable. An empty segment ("/users//posts") never fills a parameter.
 * "int": an optional "-" then decimal digits only — no "+", spaces, "1e3" or "0x10", all of
 * which Number() would take — and a value within Number.MAX_SAFE_INTEGER, beyond which
 * distinct ids would silently become the same number.
 */
export function convertParam(type: "str" | "int", segment: string): ParamValue | undefined {
  // TODO(05): "" → undefined; "str" → the segment; "int" → check the characters, then Number() and Number.isSafeInteger.
  throw new Error(`TODO(05): convertParam is not implemented (${type}, ${JSON.stringify(segment)})`);
}
