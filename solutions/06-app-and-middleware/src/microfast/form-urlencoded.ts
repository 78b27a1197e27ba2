// application/x-www-form-urlencoded: the format of HTML form bodies and of query strings
// (WHATWG URL Standard §5.1; RFC 3986 §3.4 for the query itself). "a=1&b=x+y&b=%C3%A9" holds
// the fields a = "1" and b = "x y", "é". A name may repeat; order is kept.
import type { TextFields } from "./validate.ts";

/** Input that is not valid form encoding, or has too many fields; the message says which. */
export class FormError extends Error {
  constructor(
    message: string,
    readonly tooManyFields = false,
  ) {
    super(message);
  }
}

/** Parsed fields: every value of every name, in order. */
export class FormFields implements TextFields {
  private readonly fields = new Map<string, string[]>();

  add(name: string, value: string): void {
    const values = this.fields.get(name);
    if (values) values.push(value);
    else this.fields.set(name, [value]);
  }

  /** The last value given for `name`, as FastAPI reads a scalar field. */
  get(name: string): string | undefined {
    return this.fields.get(name)?.at(-1);
  }

  getAll(name: string): readonly string[] {
    return this.fields.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.fields.has(name);
  }

  /** One entry per name: a string for a name given once, an array for a repeated one. */
  toJSON(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, values] of this.fields) out[name] = values.length === 1 ? values[0]! : [...values];
    return out;
  }
}

/**
 * Parses form-encoded text, strictly: a "%" must start a "%XX" escape and the decoded bytes
 * must be UTF-8, or the whole input is rejected (the WHATWG parser would pass such bytes
 * through; a server that guesses lets two components read one request two ways). More than
 * `maxFields` fields is an error too: each field costs memory and work.
 */
export function parseFormUrlencoded(text: string, maxFields: number): FormFields {
  const fields = new FormFields();
  let count = 0;
  for (const pair of text.split("&")) {
    if (pair === "") continue; // "a=1&&b=2" and a trailing "&" are harmless
    if (++count > maxFields) throw new FormError(`more than ${maxFields} fields`, true);
    const equals = pair.indexOf("=");
    const name = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? "" : pair.slice(equals + 1);
    fields.add(decodeComponent(name), decodeComponent(value));
  }
  return fields;
}

/** "+" is a space in this format (not in paths), then %XX escapes are UTF-8 bytes. */
function decodeComponent(text: string): string {
  const plain = text.replaceAll("+", " ");
  const bad = /%(?![0-9A-Fa-f]{2})/.exec(plain);
  if (bad)
    throw new FormError(`"${plain.slice(bad.index, bad.index + 3)}" in "${text}" is not a %XX escape (RFC 3986 §2.1)`);
  try {
    return decodeURIComponent(plain);
  } catch {
    throw new FormError(`the escapes in "${text}" do not decode to UTF-8 text`);
  }
}
