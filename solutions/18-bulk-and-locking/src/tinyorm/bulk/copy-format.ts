// COPY's text format (docs: COPY, "File Formats", "Text Format"): one line per row, ended by a
// newline; the row's values separated by a tab; NULL written \N. A value is the text its type's
// input function reads — as for a query parameter — with a backslash before anything COPY itself
// would read: the backslash, and the tab, newline and carriage return written as \t, \n, \r.
// Nothing else needs escaping; every other character, multi-byte ones included, goes as it is.
//
//   ["ada", null, "tab\there"]  →  ada<TAB>\N<TAB>tab\\there<LF>     (\\t: a backslash and a t)
import { formatArrayLiteral } from "../array-literal.ts";
import { JsonParameter, type SqlScalar, type SqlValue } from "../parameters.ts";
import { CopyFormatError } from "./errors.ts";

/** How COPY's text format writes NULL (the NULL option's default for the text format). */
export const COPY_NULL = "\\N";
export const COPY_DELIMITER = "\t";
export const COPY_NEWLINE = "\n";

/** The characters COPY reads specially, each with the escape that stands for it. */
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const SPECIAL = /[\\\t\n\r]/g;
/** The same characters, for test(): without /g, it keeps no lastIndex from one value to the next. */
const HAS_SPECIAL = new RegExp(SPECIAL.source);

/** `text` as one value of a COPY line: its special characters escaped. */
export function escapeCopyText(text: string): string {
  // Most values hold none: test first, so they are not copied.
  return HAS_SPECIAL.test(text) ? text.replace(SPECIAL, (c) => ESCAPES[c] ?? c) : text;
}

/** One value as COPY's text format writes it: \N for NULL, else its text, escaped. */
export function copyValue(value: SqlValue): string {
  if (value === null || value === undefined) return COPY_NULL;
  if (Array.isArray(value)) return escapeCopyText(formatArrayLiteral(value, scalarText));
  // A number, boolean or date is written with none of the characters COPY reads specially.
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return scalarText(value);
  return escapeCopyText(scalarText(value as SqlScalar));
}

/** One row as a COPY line, newline included. */
export function copyLine(values: readonly SqlValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += COPY_DELIMITER;
    line += copyValue(values[i]);
  }
  return line + COPY_NEWLINE;
}

/** The text a type's input function reads for one value, before COPY's escaping. */
function scalarText(value: SqlScalar): string {
  if (typeof value === "string") {
    // text ends at NUL on the server; COPY would refuse the whole load for it.
    if (value.includes("\0")) throw new CopyFormatError("text cannot contain NUL (U+0000)");
    return value;
  }
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  // boolean's input reads t and f (docs §8.6).
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CopyFormatError("an invalid Date (its time is NaN)");
    return value.toISOString();
  }
  // bytea's hex input (docs §8.4.1); its backslash is escaped like any other.
  if (value instanceof Uint8Array)
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
  if (value instanceof JsonParameter) return JSON.stringify(value.value);
  return JSON.stringify(value);
}
