// COPY's text format (docs: COPY, "File Formats", "Text Format"): one line per row, ended by a
// newline; the row's values separated by a tab; NULL written \N. A value is the text its type's
// input function reads — as for a query parameter — with a backslash before anything COPY itself
// would read: the backslash, and the tab, newline and carriage return written as \t, \n, \r.
// Nothing else needs escaping; every other character, multi-byte ones included, goes as it is.
//
//   ["ada", null, "tab\there"]  →  ada<TAB>\N<TAB>tab\\there<LF>     (\\t: a backslash and a t)
import type { SqlValue } from "../parameters.ts";

/** How COPY's text format writes NULL (the NULL option's default for the text format). */
export const COPY_NULL = "\\N";
export const COPY_DELIMITER = "\t";
export const COPY_NEWLINE = "\n";

/** `text` as one value of a COPY line: its special characters escaped. */
export function escapeCopyText(_text: string): string {
  throw new Error(
    "TODO(18): escapeCopyText: a backslash before \\, and tab, newline, carriage return as \\t, \\n, \\r",
  );
}

/** One value as COPY's text format writes it: \N for NULL, else its text, escaped. */
export function copyValue(_value: SqlValue): string {
  // The text of each type as parameters.ts writes it (booleans t/f), then escapeCopyText();
  // text with NUL is a CopyFormatError (errors.ts); arrays through formatArrayLiteral().
  throw new Error("TODO(18): copyValue: \\N for null and undefined, else the value's text, escaped");
}

/** One row as a COPY line, newline included. */
export function copyLine(_values: readonly SqlValue[]): string {
  throw new Error("TODO(18): copyLine: the values joined by tabs, and a newline");
}
