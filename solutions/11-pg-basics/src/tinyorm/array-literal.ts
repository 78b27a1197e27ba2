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
  const reader: Reader = { text, at: 0 };
  if (text.startsWith("[")) reader.at = text.indexOf("=") + 1;
  const array = readArray(reader, parseElement);
  if (reader.at !== text.length) fail(reader, "text after the closing brace");
  return array;
}

/** Writes an array as a literal for a parameter; each element's text comes from `elementText`. */
export function formatArrayLiteral<T>(items: ArrayOf<T>, elementText: (element: T) => string): string {
  const parts = items.map((item) => {
    if (item === null || item === undefined) return "NULL";
    if (isNested(item)) return formatArrayLiteral(item, elementText);
    // Quoting every element is always correct, and spares deciding which need it.
    return `"${elementText(item).replace(/["\\]/g, "\\$&")}"`;
  });
  return `{${parts.join(",")}}`;
}

interface Reader {
  readonly text: string;
  at: number;
}

function readArray<T>(reader: Reader, parseElement: (element: string) => T): ParsedArray<T> {
  expect(reader, "{");
  const items: ParsedArray<T> = [];
  if (reader.text[reader.at] === "}") {
    reader.at++;
    return items;
  }
  for (;;) {
    const next = reader.text[reader.at];
    if (next === "{") items.push(readArray(reader, parseElement));
    else if (next === '"') items.push(parseElement(readQuoted(reader)));
    else {
      const bare = readUnquoted(reader);
      items.push(bare.toUpperCase() === "NULL" ? null : parseElement(bare));
    }
    const separator = reader.text[reader.at++];
    if (separator === "}") return items;
    if (separator !== ",") fail(reader, 'a "," or "}" after an element');
  }
}

function readQuoted(reader: Reader): string {
  reader.at++; // the opening quote
  let out = "";
  for (;;) {
    const ch = reader.text[reader.at++];
    if (ch === undefined) fail(reader, "a closing quote");
    if (ch === '"') return out;
    if (ch === "\\") {
      const escaped = reader.text[reader.at++];
      if (escaped === undefined) fail(reader, "a character after the backslash");
      out += escaped;
    } else out += ch;
  }
}

function readUnquoted(reader: Reader): string {
  const start = reader.at;
  while (reader.at < reader.text.length && reader.text[reader.at] !== "," && reader.text[reader.at] !== "}")
    reader.at++;
  if (reader.at === start) fail(reader, "an element");
  return reader.text.slice(start, reader.at);
}

function expect(reader: Reader, ch: string): void {
  if (reader.text[reader.at] !== ch) fail(reader, `"${ch}"`);
  reader.at++;
}

function fail(reader: Reader, wanted: string): never {
  throw new SyntaxError(
    `malformed array literal ${JSON.stringify(reader.text)}: expected ${wanted} at offset ${reader.at}`,
  );
}

function isNested<T>(item: T | ArrayOf<T>): item is ArrayOf<T> {
  return Array.isArray(item);
}
