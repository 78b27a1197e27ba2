// Stage 11.4: arrays, both ways. Reading, the server writes an array literal from SQL; writing,
// your literal is compared by the server with the same array built in SQL. Both are known
// apart from your code.
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectValue, rowsOf, showQuery, singleValue, useDatabase, withConnection } from "./sql.ts";

const INSTANT = new Date(Date.UTC(2024, 2, 10, 9, 30, 0, 123));
/** Every character that needs quoting or escaping in an array literal, NULL and its look-alikes. */
const AWKWARD_TEXT = ['a"b', null, "NULL", "null", "x,y", "c\\d", "", " sp ", "{}", "é"];
/** The same, built by the server from string constants (standard_conforming_strings: \ is plain). */
const AWKWARD_SQL = "ARRAY['a\"b', NULL, 'NULL', 'null', 'x,y', 'c\\d', '', ' sp ', '{}', 'é']";

/** [what, SQL whose one value is an array, the value expected]. */
const READS: [string, string, unknown][] = [
  ["int4[] with a NULL", "SELECT ARRAY[1, NULL, -3]::int4[]", [1, null, -3]],
  [
    "text[] with quotes, commas, backslashes, braces, blanks and the word NULL",
    `SELECT ${AWKWARD_SQL}::text[]`,
    AWKWARD_TEXT,
  ],
  [
    "int4[][], two dimensions",
    "SELECT ARRAY[[1, 2], [3, NULL]]::int4[]",
    [
      [1, 2],
      [3, null],
    ],
  ],
  [
    "text[][] holding braces",
    "SELECT ARRAY[['a', 'b'], ['{', '}']]::text[]",
    [
      ["a", "b"],
      ["{", "}"],
    ],
  ],
  ["an empty array", "SELECT '{}'::int4[]", []],
  ["an array whose lower bound is 0", "SELECT '[0:1]={7,8}'::int4[]", [7, 8]],
  ["int8[] past 2^53", "SELECT ARRAY[9007199254740993, NULL]::int8[]", [9007199254740993n, null]],
  ["numeric[], exact", "SELECT ARRAY[0.1, 0.00000000000000000001]::numeric[]", ["0.1", "0.00000000000000000001"]],
  ["bool[]", "SELECT ARRAY[true, false, NULL]", [true, false, null]],
  [
    "timestamptz[] (quoted: they hold spaces)",
    "SELECT ARRAY['2024-03-10 09:30:00.123+00'::timestamptz, NULL]",
    [INSTANT, null],
  ],
  [
    "jsonb[] (quoted, with escaped quotes inside)",
    `SELECT ARRAY['{"k": "v,\\"}"}'::jsonb, '[1, 2]'::jsonb, NULL]`,
    [{ k: 'v,"}' }, [1, 2], null],
  ],
  ["bytea[]", "SELECT ARRAY['\\x01ff'::bytea]", [Buffer.from([0x01, 0xff])]],
  ["uuid[]", "SELECT ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid]", ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]],
];

/** [what, the array bound to $1, its SQL type, the same array built in SQL]. */
const WRITES: [string, unknown[], string, string][] = [
  ["text[] with quotes, commas, backslashes, braces, blanks and the word NULL", AWKWARD_TEXT, "text[]", AWKWARD_SQL],
  ["int4[] with a NULL", [1, null, -3], "int4[]", "ARRAY[1, NULL, -3]"],
  ["undefined as NULL", [1, undefined], "int4[]", "ARRAY[1, NULL]"],
  [
    "int4[][]",
    [
      [1, 2],
      [3, null],
    ],
    "int4[]",
    "ARRAY[[1, 2], [3, NULL]]",
  ],
  ["an empty array", [], "int4[]", "'{}'::int4[]"],
  ["int8[] past 2^53", [9007199254740993n, -1n], "int8[]", "ARRAY[9007199254740993, -1]"],
  ["bool[]", [true, false], "bool[]", "ARRAY[true, false]"],
  ["timestamptz[]", [INSTANT], "timestamptz[]", "ARRAY['2024-03-10 09:30:00.123+00'::timestamptz]"],
  ["jsonb[] of objects", [{ a: 'x,"}' }], "jsonb[]", `ARRAY['{"a": "x,\\"}"}'::jsonb]`],
  ["bytea[]", [new Uint8Array([0x01, 0xff])], "bytea[]", "ARRAY['\\x01ff'::bytea]"],
];

await stageWith([postgres], "11.4", (service) => {
  const db = useDatabase(service, "arrays");

  test.each(READS)("reads %s", async (_what, sql, expected) => {
    await withConnection(db().url, async (connection) => {
      expectValue(sql, expected, await singleValue(connection, sql));
    });
  });

  test.each(WRITES)("writes %s", async (_what, value, type, literal) => {
    await withConnection(db().url, async (connection) => {
      await rowsOf(connection, "SET TimeZone = 'America/St_Johns'");
      const sql = `SELECT ($1::${type} IS NOT DISTINCT FROM ${literal}::${type})::text AS same, $1::${type}::text AS received, (${literal}::${type})::text AS expected`;
      const [row] = await rowsOf(connection, sql, [value]);
      if (row?.same !== "true")
        throw new CheckFailure("the server read a different array from your literal", {
          sent: showQuery(`$1::${type}`, [value]),
          expected: String(row?.expected),
          received: `${String(row?.received)}   (as the server reads your parameter)`,
          hint: 'formatArrayLiteral: quote every element, escape \\ and " inside it with a backslash, NULL bare, nested arrays in their own braces.',
        });
    });
  });

  test("an awkward text[] survives the round trip: written as a parameter, read back the same", async () => {
    await withConnection(db().url, async (connection) => {
      const sql = "SELECT $1::text[] AS back";
      const received = await singleValue(connection, sql, [AWKWARD_TEXT]);
      expectValue(
        showQuery(sql, [AWKWARD_TEXT]),
        AWKWARD_TEXT,
        received,
        "What formatArrayLiteral quotes and escapes, parseArrayLiteral must unquote and unescape.",
      );
    });
  });
});
