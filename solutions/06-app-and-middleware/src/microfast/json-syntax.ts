// Where a JSON text (RFC 8259) stops being JSON. JSON.parse says that it failed, but its
// message depends on the Node version and often names no position at all ("Unexpected token
// '}', … is not valid JSON"). A client fixing its request needs "line 2, column 9", so when
// JSON.parse fails, this small recogniser walks the grammar to the first byte that breaks it.

export interface JsonSyntaxError {
  /** Index of the first character that cannot continue a JSON text; the length if it ended too soon. */
  readonly offset: number;
  /** "unexpected "}"", or "the text ends in the middle of a value". */
  readonly problem: string;
  readonly line: number;
  readonly column: number;
}

/** Finds the first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;

  const fail = (): never => {
    throw i;
  };
  const skipWhitespace = () => {
    // ws = space, tab, LF, CR (RFC 8259 §2)
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail();
    i++;
  };

  const value = (): void => {
    skipWhitespace();
    const char = text[i];
    if (char === "{") return object();
    if (char === "[") return array();
    if (char === '"') return string();
    for (const literal of ["true", "false", "null"]) if (text.startsWith(literal, i)) return void (i += literal.length);
    return number();
  };

  const object = (): void => {
    expect("{");
    skipWhitespace();
    if (text[i] === "}") return void i++;
    for (;;) {
      skipWhitespace();
      string();
      skipWhitespace();
      expect(":");
      value();
      skipWhitespace();
      if (text[i] === "}") return void i++;
      expect(",");
    }
  };

  const array = (): void => {
    expect("[");
    skipWhitespace();
    if (text[i] === "]") return void i++;
    for (;;) {
      value();
      skipWhitespace();
      if (text[i] === "]") return void i++;
      expect(",");
    }
  };

  const string = (): void => {
    expect('"');
    for (;;) {
      const char = text[i];
      if (char === undefined) return fail();
      if (char === '"') return void i++;
      if (char === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail();
      } else if (char.charCodeAt(0) < 0x20)
        fail(); // control characters must be escaped (§7)
      else i++;
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const number = (): void => {
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail();
    i = NUMBER.lastIndex;
  };

  try {
    value();
    skipWhitespace();
    if (i < text.length) fail(); // one JSON text, then nothing but whitespace
    return undefined;
  } catch (offset) {
    if (typeof offset !== "number") throw offset;
    const before = text.slice(0, offset).split("\n");
    return {
      offset,
      problem:
        offset >= text.length ? "the text ends in the middle of a value" : `unexpected ${JSON.stringify(text[offset])}`,
      line: before.length,
      column: before.at(-1)!.length + 1,
    };
  }
}
