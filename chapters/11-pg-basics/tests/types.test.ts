// Stage 11.3: from text to values. Every column arrives as text with its type's OID; each value
// here is written by the server from an SQL literal, so the expected value is known apart from
// your parsers. The database this file uses is set to DateStyle German and bytea_output escape
// (ALTER DATABASE … SET): only a connection that pins ISO and hex at startup reads them right.
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectValue, rowsOf, singleValue, useDatabase, withConnection } from "./sql.ts";

function utc(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, ms = 0): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  return date;
}

const NESTED = { a: [1, { b: null }], c: "é", d: { e: [] } };

/** [what, session TimeZone, SQL whose one value is read, the value expected, a hint]. */
const CASES: [string, string, string, unknown, string][] = [
  [
    "int8 past 2^53 as an exact bigint",
    "UTC",
    "SELECT 9007199254740993::int8",
    9007199254740993n,
    "int8 → BigInt: Number() would give 9007199254740992.",
  ],
  ["the smallest int8", "UTC", "SELECT '-9223372036854775808'::int8", -9223372036854775808n, "int8 → BigInt."],
  ["count(*), an int8", "UTC", "SELECT count(*) FROM generate_series(1, 3)", 3n, "count(*) is int8: a bigint too."],
  ["int2", "UTC", "SELECT 32767::int2", 32767, "int2 → Number."],
  ["int4", "UTC", "SELECT (-2147483648)::int4", -2147483648, "int4 → Number."],
  [
    "float8, with float8's own rounding",
    "UTC",
    "SELECT 0.1::float8 + 0.2::float8",
    0.30000000000000004,
    "float8 → Number.",
  ],
  ["float8 NaN", "UTC", "SELECT 'NaN'::float8", Number.NaN, 'Number("NaN") is NaN.'],
  [
    "float8 -Infinity",
    "UTC",
    "SELECT '-Infinity'::float8",
    Number.NEGATIVE_INFINITY,
    'Number("-Infinity") is -Infinity.',
  ],
  ["float4", "UTC", "SELECT 1.5::float4", 1.5, "float4 → Number."],
  ["numeric 0.1 + 0.2, exactly", "UTC", "SELECT 0.1::numeric + 0.2::numeric", "0.3", "numeric stays text: exact."],
  [
    "numeric with 50 digits",
    "UTC",
    "SELECT '12345678901234567890.123456789012345678901234567890'::numeric",
    "12345678901234567890.123456789012345678901234567890",
    "numeric stays text: a number keeps 17 digits.",
  ],
  ["numeric NaN", "UTC", "SELECT 'NaN'::numeric", "NaN", "numeric stays text."],
  ["bool", "UTC", "SELECT 1 < 2", true, 'bool arrives as "t" or "f".'],
  ["bool false", "UTC", "SELECT 2 < 1", false, 'bool arrives as "t" or "f".'],
  ["varchar", "UTC", "SELECT 'plain'::varchar(10)", "plain", "Text types stay text."],
  [
    "uuid",
    "UTC",
    "SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    "uuid stays text.",
  ],
  ["SQL NULL", "UTC", "SELECT NULL::int8", null, "NULL never reaches a parser: it is null."],
  [
    "bytea",
    "UTC",
    "SELECT '\\x00ff10'::bytea",
    Buffer.from([0x00, 0xff, 0x10]),
    "bytea → Buffer, from hex (pin bytea_output=hex).",
  ],
  ["json, nested", "UTC", `SELECT '${JSON.stringify(NESTED)}'::json`, NESTED, "json → JSON.parse."],
  ["jsonb, nested", "UTC", `SELECT '${JSON.stringify(NESTED)}'::jsonb`, NESTED, "jsonb → JSON.parse."],
  ["a jsonb string", "UTC", `SELECT '"just text"'::jsonb`, "just text", "jsonb → JSON.parse."],
  [
    "timestamptz, written in Asia/Kathmandu (+05:45)",
    "Asia/Kathmandu",
    "SELECT '2024-03-10 01:30:00-08'::timestamptz",
    utc(2024, 3, 10, 9, 30),
    "The text carries the session zone's offset: UTC = the wall-clock time minus the offset.",
  ],
  [
    "timestamptz with microseconds (the last three digits dropped)",
    "UTC",
    "SELECT '2024-01-01 00:00:00.123999+00'::timestamptz",
    utc(2024, 1, 1, 0, 0, 0, 123),
    "A Date holds milliseconds: keep the first three digits of the fraction.",
  ],
  [
    "timestamptz in 1900 Amsterdam, an offset with seconds (+00:19:32)",
    "Europe/Amsterdam",
    "SELECT '1900-01-01 00:00:00+00'::timestamptz",
    utc(1900, 1, 1),
    "The offset may be ±HH, ±HH:MM or ±HH:MM:SS.",
  ],
  [
    "timestamptz in the year 99",
    "UTC",
    "SELECT '0099-06-01 12:00:00+00'::timestamptz",
    utc(99, 6, 1, 12),
    "Date.UTC(99, …) means 1999: use setUTCFullYear.",
  ],
  [
    "timestamptz BC",
    "UTC",
    "SELECT '0044-03-15 12:00:00+00 BC'::timestamptz",
    utc(-43, 3, 15, 12),
    "44 BC is the year -43: there is no year 0 between 1 BC and 1 AD.",
  ],
  [
    "date, as text",
    "UTC",
    "SELECT '2024-02-29'::date",
    "2024-02-29",
    "date names no instant: leave it text (in ISO form).",
  ],
  [
    "timestamp without time zone, as text",
    "UTC",
    "SELECT '2024-03-10 01:30:00'::timestamp",
    "2024-03-10 01:30:00",
    "timestamp names no instant: leave it text (in ISO form).",
  ],
];

await stageWith([postgres], "11.3", (service) => {
  const db = useDatabase(
    service,
    "types",
    // Settings a server may well have: the connection must not depend on them.
    "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET DateStyle = %L', current_database(), 'German'); " +
      "EXECUTE format('ALTER DATABASE %I SET bytea_output = %L', current_database(), 'escape'); END $$",
  );

  test.each(CASES)("reads %s", async (_what, timeZone, sql, expected, hint) => {
    await withConnection(db().url, async (connection) => {
      await rowsOf(connection, `SET TimeZone = '${timeZone}'`);
      const received = await singleValue(connection, sql);
      expectValue(
        `${sql}   (session TimeZone ${timeZone}; the database's DateStyle is German)`,
        expected,
        received,
        hint,
      );
    });
  });

  test("reads every column of a row by its own type", async () => {
    await withConnection(db().url, async (connection) => {
      const sql = "SELECT 1::int8 AS big, 1::int4 AS small, 1::numeric AS exact, '1'::text AS word, '1'::jsonb AS doc";
      const rows = await rowsOf(connection, sql);
      expectValue(
        sql,
        [{ big: 1n, small: 1, exact: "1", word: "1", doc: 1 }],
        rows,
        "Each column is parsed by the parser for its own OID.",
      );
    });
  });
});
