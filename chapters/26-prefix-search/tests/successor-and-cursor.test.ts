// Stage 26.1: the upper end of a prefix range, and the cursor. The successors are a table worked
// out from the definition; then, for names drawn from the seed, "starts with p" must be exactly
// "p ≤ name < successor(p)" in UTF-8 byte order, compared here with Buffer.compare.
import { decodeCursor, encodeCursor, pageOf, prefixSuccessor } from "@lab/src/unamex/index.ts";
import { test } from "vitest";
import { reproduceLine } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { call, expectEqual, expectThat, READ, show } from "./expect.ts";
import { checkNames, EDGE_PREFIXES, nameCount, seededPrefixes } from "./fixtures/names.ts";

/** prefix → its successor, from the definition: bump the last code point, drop what follows. */
const SUCCESSORS: readonly [string, string | null, string][] = [
  ["ab", "ac", "the last letter bumped"],
  ["a", "b", "one character"],
  ["az", "a{", "z is followed by {, not by a wrap to a"],
  ["ab\u{7f}", "ab\u{80}", "from one UTF-8 byte to two"],
  ["ab\u{7ff}", "ab\u{800}", "from two UTF-8 bytes to three"],
  ["ab\u{d7ff}", "ab\u{e000}", "U+D800–U+DFFF are surrogates, not characters: skipped"],
  ["ab\u{ffff}", "ab\u{10000}", "past U+FFFF: an astral character (two UTF-16 units, four UTF-8 bytes)"],
  ["ab\u{1f600}", "ab\u{1f601}", "an astral character bumped as one code point, not as its low surrogate"],
  ["ab\u{10ffff}", "ac", "U+10FFFF cannot be bumped: dropped, and the b before it bumped"],
  ["a\u{10ffff}\u{10ffff}", "b", "every U+10FFFF at the end dropped"],
  ["жена", "женб", "Cyrillic, bumped as a code point"],
  ["\u{10ffff}", null, "nothing is greater than every string that starts with U+10FFFF"],
  ["", null, "every string starts with the empty prefix: no upper end"],
];

stage("26.1", () => {
  test("the successor of a prefix bumps its last code point, past U+FFFF and U+10FFFF and around the surrogates", () => {
    for (const [prefix, expected, why] of SUCCESSORS) {
      const what = `prefixSuccessor(${show(prefix)})`;
      expectEqual(
        what,
        expected,
        call(what, () => prefixSuccessor(prefix)),
        `${why}; ${READ.successor}`,
      );
    }
  });

  test("a name starts with the prefix exactly when prefix ≤ name < successor in UTF-8 byte order", async () => {
    const { names, seed } = await checkNames(nameCount("26.1"));
    const encoded = names.map((name) => Buffer.from(name, "utf8"));
    for (const prefix of seededPrefixes(names, seed, 200)) {
      const successor = call(`prefixSuccessor(${show(prefix)})`, () => prefixSuccessor(prefix));
      const low = Buffer.from(prefix, "utf8");
      const high = successor === null ? null : Buffer.from(successor, "utf8");
      for (const [i, name] of names.entries()) {
        const bytes = encoded[i]!;
        const inRange = Buffer.compare(low, bytes) <= 0 && (high === null || Buffer.compare(bytes, high) < 0);
        if (inRange !== name.startsWith(prefix))
          expectThat(
            `${show(name)} against the range [${show(prefix)}, ${show(successor)})`,
            false,
            name.startsWith(prefix)
              ? "inside the range: it starts with the prefix"
              : "outside the range: it does not start with the prefix",
            inRange ? "inside the range" : "outside the range",
            `compare in UTF-8 byte order (Buffer.compare), which is code point order; ${READ.successor}. ${reproduceLine(seed, "26", "26.1")}`,
          );
      }
    }
  });

  test("a cursor is the name's UTF-8 in base64url, and decodes back to the name", () => {
    for (const name of ["ada", "ada.lovelace", "жена", "ab\u{ffff}", "ab\u{1f600}x", "\u{10ffff}"]) {
      const cursor = call(`encodeCursor(${show(name)})`, () => encodeCursor(name));
      expectEqual(
        `encodeCursor(${show(name)})`,
        Buffer.from(name, "utf8").toString("base64url"),
        cursor,
        `opaque, URL-safe, and the same bytes every engine orders by; ${READ.cursors}`,
      );
      for (const prefix of ["", [...name][0]!, name]) {
        const what = `decodeCursor(${show(cursor)}, ${show(prefix)})`;
        expectEqual(
          what,
          name,
          call(what, () => decodeCursor(cursor, prefix)),
          READ.cursors,
        );
      }
    }
  });

  test("a page holds the first limit rows, and a cursor only when a row beyond them was read", () => {
    const cases: [string[], number, { names: string[]; next: string | null }, string][] = [
      [
        ["ab", "abc", "abd"],
        2,
        { names: ["ab", "abc"], next: encodeCursor("abc") },
        "a third row: another page follows",
      ],
      [["ab", "abc"], 2, { names: ["ab", "abc"], next: null }, "exactly limit rows: this is the last page"],
      [["ab"], 10, { names: ["ab"], next: null }, "fewer rows than the limit"],
      [[], 10, { names: [], next: null }, "no match at all"],
    ];
    for (const [rows, limit, expected, why] of cases) {
      const what = `pageOf(${show(rows)}, ${limit})`;
      expectEqual(
        what,
        expected,
        call(what, () => pageOf(rows, limit)),
        `${why}; ${READ.cursors}`,
      );
    }
    const rows = ["ab", "abc"];
    const copy = [...rows];
    call("pageOf(rows, 1)", () => pageOf(rows, 1));
    expectEqual("the rows given to pageOf(rows, 1), after the call", copy, rows, "pageOf() must not change its input");
  });

  test("the edge prefixes of the checks all have the successor the definition gives", () => {
    for (const prefix of EDGE_PREFIXES) {
      const points = [...prefix].map((char) => char.codePointAt(0)!);
      while (points.length > 0 && points.at(-1) === 0x10ffff) points.pop();
      const last = points.pop();
      const expected = last === undefined ? null : String.fromCodePoint(...points, last === 0xd7ff ? 0xe000 : last + 1);
      const what = `prefixSuccessor(${show(prefix)})`;
      expectEqual(
        what,
        expected,
        call(what, () => prefixSuccessor(prefix)),
        READ.successor,
      );
    }
  });
});
