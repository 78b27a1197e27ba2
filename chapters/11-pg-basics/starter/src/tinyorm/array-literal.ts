// The text form of a PostgreSQL array (docs §8.15.6, "Array Input and Output Syntax"):
//
//   {1,NULL,-3}      {"a \"quoted\" word",NULL,"NULL","",x}      {{1,2},{3,NULL}}      [0:1]={7,8}
//
// Elements are separated by commas (by every built-in type but box), an unquoted NULL is SQL
// NULL, and nested braces are the next dimension. The server double-quotes an element that is
// empty, is the word NULL, or holds braces, commas, quotes, backslashes or white space; inside
// quotes a backslash makes the next character plain. "[lower:upper]=" comes first when a lower
// bound is not 1: a JavaScript array starts at 0 whatever it says, so it is read and dropped.

/** An array as read: elements, NULLs (null) and nested arrays. */
export type ParsedArray<T> = (T | null | ParsedArray<T>)[];

/** An array to write: elements, NULLs (null or undefined) and nested arrays. */
export type ArrayOf<T> = readonly (T | null | undefined | ArrayOf<T>)[];

/** Reads the server's text of an array; each element's text goes through `parseElement`. */
export function parseArrayLiteral<T>(text: string, parseElement: (element: string) => T): ParsedArray<T> {
  // TODO(11): skip a "[lower:upper]=" prefix, then read recursively: "{" starts an array, a
  // double quote starts a quoted element (a backslash makes the next character plain), anything
  // else runs to the next "," or "}" (NULL there is null); elements are separated by ",".
  throw new Error("TODO(11): parseArrayLiteral() is not implemented");
}

/** Writes an array as a literal for a parameter; each element's text comes from `elementText`. */
export function formatArrayLiteral<T>(items: ArrayOf<T>, elementText: (element: T) => string): string {
  // TODO(11): "{" elements joined by "," "}": NULL for null and undefined, a nested array in its
  // own braces, every other element double-quoted with \ and " escaped by a backslash.
  throw new Error("TODO(11): formatArrayLiteral() is not implemented");
}
