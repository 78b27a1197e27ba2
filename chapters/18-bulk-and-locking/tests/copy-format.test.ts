// Stage 18.2: COPY's text format, as a table of values and the text each must become (docs:
// COPY, "File Formats", "Text Format"). The expected texts are written out by hand, never
// computed by the code under check. The order of the rows matters: a global regular expression
// that keeps its lastIndex between calls misses the escape in a short value after a long one.
import { CopyFormatError, copyLine, copyValue, json, type SqlValue } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { expectEqual, expectFailure, run } from "../../15-transactions/tests/tx.ts";

/** [what, value, the text COPY must receive, a hint for a failure]. */
const VALUES: [string, SqlValue, string, string][] = [
  ["a plain string", "ada", "ada", "A string with nothing special goes as it is."],
  ["NULL", null, "\\N", "NULL is written \\N: a backslash and a capital N, nothing else."],
  ["undefined, as NULL", undefined, "\\N", "undefined is NULL, as for a query parameter."],
  ["the empty string, which is not NULL", "", "", "An empty string is an empty value; only \\N is NULL."],
  [
    "the two characters \\N, which are not NULL",
    "\\N",
    "\\\\N",
    "Double the backslash, so that the server reads a backslash and an N, not NULL.",
  ],
  [
    "a tab far into a long value",
    "0123456789abcdef\tend",
    "0123456789abcdef\\tend",
    "A tab would end the value: write it \\t.",
  ],
  [
    "a tab early in a short value",
    "a\tb",
    "a\\tb",
    "A tab would end the value: write it \\t. (A /g regular expression's test() remembers lastIndex from the value before.)",
  ],
  ["a newline", "one\ntwo", "one\\ntwo", "A newline would end the row: write it \\n."],
  ["a carriage return", "one\rtwo", "one\\rtwo", "A carriage return ends a line for COPY too: write it \\r."],
  ["a backslash", "C:\\temp", "C:\\\\temp", "COPY reads a backslash as the start of an escape: double it."],
  ["all of them", "\\\t\n\r", "\\\\\\t\\n\\r", "Each special character gets its own escape."],
  [
    "multi-byte characters",
    "naïve 🐘 ünïcødé",
    "naïve 🐘 ünïcødé",
    "Only \\, tab, newline and carriage return are escaped; every other character goes as it is.",
  ],
  ["true", true, "t", "boolean's input reads t and f."],
  ["false", false, "f", "boolean's input reads t and f."],
  ["a number", -12.5, "-12.5", "A number as String() writes it."],
  ["a bigint", 9_007_199_254_740_993n, "9007199254740993", "A bigint as String() writes it, every digit."],
  [
    "a Date",
    new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 7)),
    "2024-02-29T23:59:58.007Z",
    "An instant in ISO 8601, in UTC: toISOString().",
  ],
  [
    "bytes",
    new Uint8Array([0, 15, 255]),
    "\\\\x000fff",
    "bytea's hex input is \\x and the hex digits; its backslash is escaped like any other.",
  ],
  [
    "a JSON document with a tab in a string",
    json({ a: "x\ty" }),
    '{"a":"x\\\\ty"}',
    "JSON.stringify writes the tab as \\t (two characters); COPY then needs that backslash doubled.",
  ],
  ["an array", ["a", "b c", null], '{"a","b c",NULL}', "An array as chapter 11's formatArrayLiteral() writes it."],
];

stage("18.2", () => {
  test("writes each value as COPY's text format reads it (a table of cases)", async () => {
    for (const [what, value, expected, hint] of VALUES) {
      const text = await run(`copyValue(${what})`, () => copyValue(value));
      expectEqual(`copyValue(${what})`, expected, text, hint);
    }
  });

  test("writes a row as its values separated by tabs, ended by a newline", async () => {
    const line = await run('copyLine(["ada", null, "x\\ty", 3])', () => copyLine(["ada", null, "x\ty", 3]));
    expectEqual(
      'copyLine(["ada", null, "x\\ty", 3])',
      "ada\t\\N\tx\\ty\t3\n",
      line,
      "Values joined by one tab, escaped each, and a newline at the end of every row, the last one too.",
    );
    const one = await run("copyLine([null])", () => copyLine([null]));
    expectEqual("copyLine([null])", "\\N\n", one, "One value, no tab.");
  });

  test("refuses text with NUL, which no text value can hold", async () => {
    await expectFailure(
      'copyValue("a\\0b")',
      CopyFormatError,
      () => copyValue("a\0b"),
      "PostgreSQL text cannot hold U+0000: throw CopyFormatError before sending, or the server refuses the whole COPY.",
    );
  });
});
