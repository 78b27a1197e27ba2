// Stage 11.2: bound parameters. Each JavaScript value is sent beside the SQL as the text its
// type's input function reads; the checks ask the server to write back what it received, as
// text, so the answer is known apart from your type parsers.
import { json, ParameterError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import {
  expectField,
  expectRejection,
  expectValue,
  rowsOf,
  showQuery,
  singleValue,
  useDatabase,
  withConnection,
} from "./sql.ts";

/** A session time zone far from UTC, with a half-hour offset: a Date sent without its zone lands elsewhere. */
const SESSION_TIME_ZONE = "America/St_Johns";

const INSTANT = new Date(Date.UTC(2024, 2, 10, 9, 30, 0, 123));
const TEXT = "héllo, 世界 😀";

/** [what, the value bound to $1, SQL that writes back what the server read, the text expected]. */
const CASES: [string, unknown, string, string][] = [
  ["an integer", 42, "SELECT $1::int4::text", "42"],
  ["a fraction", -0.5, "SELECT $1::float8::text", "-0.5"],
  ["0.1, shortest round-trip digits", 0.1, "SELECT $1::float8::text", "0.1"],
  ["a bigint past 2^53", 9007199254740993n, "SELECT $1::int8::text", "9007199254740993"],
  ["the smallest int8", -9223372036854775808n, "SELECT $1::int8::text", "-9223372036854775808"],
  [
    "a numeric, as a string",
    "12345678901234567890.000000000000000000001",
    "SELECT $1::numeric::text",
    "12345678901234567890.000000000000000000001",
  ],
  ["true", true, "SELECT $1::bool::text", "true"],
  ["false", false, "SELECT $1::bool::text", "false"],
  ["text in UTF-8", TEXT, "SELECT $1::text", TEXT],
  ["text in UTF-8, counted by the server", TEXT, "SELECT char_length($1::text)::text", String([...TEXT].length)],
  ["the empty string, which is not NULL", "", "SELECT ($1::text IS NOT NULL AND $1::text = '')::text", "true"],
  ["null", null, "SELECT ($1::text IS NULL)::text", "true"],
  ["undefined, as NULL", undefined, "SELECT ($1::text IS NULL)::text", "true"],
  ["a Date", INSTANT, "SELECT (extract(epoch FROM $1::timestamptz) * 1000)::int8::text", String(INSTANT.getTime())],
  ["bytes", new Uint8Array([0, 1, 2, 0xfe, 0xff]), "SELECT encode($1::bytea, 'hex')", "000102feff"],
  ["a Buffer", Buffer.from([0xca, 0xfe]), "SELECT encode($1::bytea, 'hex')", "cafe"],
  [
    "a view into a larger buffer",
    new Uint8Array([9, 9, 1, 2, 3]).subarray(2),
    "SELECT encode($1::bytea, 'hex')",
    "010203",
  ],
  [
    "a plain object, as JSON",
    { b: [true, null], a: 1, é: 'x"y' },
    "SELECT $1::jsonb::text",
    '{"a": 1, "b": [true, null], "é": "x\\"y"}',
  ],
  ["json() around an array", json([1, "two", { three: 3 }]), "SELECT $1::jsonb::text", '[1, "two", {"three": 3}]'],
];

await stageWith([postgres], "11.2", (service) => {
  const db = useDatabase(service, "parameters");

  test.each(CASES)("binds %s", async (_what, value, sql, expected) => {
    await withConnection(db().url, async (connection) => {
      await rowsOf(connection, `SET TimeZone = '${SESSION_TIME_ZONE}'`);
      const received = await singleValue(connection, sql, [value]);
      expectValue(`${showQuery(sql, [value])}   (session TimeZone ${SESSION_TIME_ZONE})`, expected, received);
    });
  });

  test("binds several parameters, and one parameter used twice", async () => {
    await withConnection(db().url, async (connection) => {
      const sql = "SELECT $1::text || '-' || $2::int4::text || '-' || $3::bool::text || '-' || $1::text";
      const params = ["a", 7, false];
      expectValue(showQuery(sql, params), "a-7-false-a", await singleValue(connection, sql, params));
    });
  });

  test.each([
    ["an invalid Date", new Date("not a date")],
    ["a Map, which is no plain object", new Map([["a", 1]])],
  ])("refuses %s as parameter $2 with a ParameterError naming it", async (_what, value) => {
    await withConnection(db().url, async (connection) => {
      const sql = "SELECT $1::text, $2::text";
      const sent = showQuery(sql, ["fine", value]);
      const error = await expectRejection(
        sent,
        ParameterError,
        () => connection.query(sql, ["fine", value as never]),
        "Check what a value is before writing its text: a Date whose time is NaN, or an object whose prototype is not Object.prototype, cannot be sent.",
      );
      expectField(
        sent,
        error,
        "parameter",
        2,
        "new ParameterError(position, reason): position counts from 1, as $1 does.",
      );
    });
  });
});
