// Stage 13.1: fields and their types. A model's declaration is all it knows of its table: the
// columns its queries name (in declaration order, a property mapped to its column), the type
// each value must have when a program gives it, and the type each value must have when the
// database returns it. Every value here is written by the server from an SQL literal, or read
// back by the checks' own client as text, so the expected answer never comes from your code.
import { Column, compile, fields, Model, ValidationError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectFailure, run, useModels, witnessRows } from "./orm.ts";

const SCHEMA = `
CREATE TABLE samples (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  small int NOT NULL,
  big bigint NOT NULL,
  ratio double precision NOT NULL,
  price numeric NOT NULL,
  label text NOT NULL,
  active boolean NOT NULL,
  seen_at timestamptz NOT NULL,
  doc jsonb NOT NULL
);
INSERT INTO samples (small, big, ratio, price, label, active, seen_at, doc) VALUES
  (-2147483648, 9007199254740993, 0.1, '12345678901234567890.125', 'it''s', true,
   '2024-03-10 15:15:00.25+05:45', '[1, {"a": [true, null]}]');
CREATE TABLE wall_clock (id int PRIMARY KEY, at timestamp NOT NULL);
INSERT INTO wall_clock VALUES (1, '2024-01-01 00:00:00');
CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL);
INSERT INTO counters VALUES (1, 1);
CREATE TABLE notes (id int PRIMARY KEY, body text);
INSERT INTO notes VALUES (1, NULL);
`;

class Sample extends Model.table("samples", {
  id: fields.int({ primaryKey: true, generated: true }),
  small: fields.int(),
  big: fields.bigint(),
  ratio: fields.float(),
  price: fields.numeric(),
  label: fields.text(),
  active: fields.boolean(),
  seenAt: fields.timestamp({ column: "seen_at" }),
  doc: fields.json(),
}) {}

const DECLARED = `Model.table("samples", { id: fields.int({ primaryKey: true, generated: true }), small: fields.int(), big: fields.bigint(), ratio: fields.float(), price: fields.numeric(), label: fields.text(), active: fields.boolean(), seenAt: fields.timestamp({ column: "seen_at" }), doc: fields.json() })`;

/** A field whose column has another type than it declares, one per model so the error can only name that field. */
class WallClock extends Model.table("wall_clock", {
  id: fields.int({ primaryKey: true }),
  at: fields.timestamp(),
}) {}
class Counter extends Model.table("counters", {
  id: fields.int({ primaryKey: true }),
  n: fields.int(),
}) {}
class Note extends Model.table("notes", {
  id: fields.int({ primaryKey: true }),
  body: fields.text(),
}) {}

function utc(text: string): Date {
  return new Date(text);
}

const VALID = {
  small: 1,
  big: 1n,
  ratio: 1.5,
  price: "1.50",
  label: "x",
  active: false,
  seenAt: utc("2024-01-01T00:00:00Z"),
  doc: {},
};

/** [field, value, accepted]: what each field type takes from a program. */
const VALUES: [keyof typeof VALID, unknown, boolean][] = [
  ["small", 2147483647, true],
  ["small", -2147483648, true],
  ["small", 2147483648, false],
  ["small", 1.5, false],
  ["small", "1", false],
  ["small", 1n, false],
  ["big", 9223372036854775807n, true],
  ["big", 9223372036854775808n, false],
  ["big", 5, false],
  ["ratio", -0.25, true],
  ["ratio", "0.25", false],
  ["price", "-12.50", true],
  ["price", "1e3", true],
  ["price", "NaN", true],
  ["price", "12,50", false],
  ["price", 12.5, false],
  ["label", "", true],
  ["label", 7, false],
  ["active", true, true],
  ["active", "true", false],
  ["active", 1, false],
  ["seenAt", utc("1999-12-31T23:59:59Z"), true],
  ["seenAt", new Date(Number.NaN), false],
  ["seenAt", "2024-01-01", false],
  ["doc", [1, "two", null, { three: [3] }], true],
  ["doc", "a JSON string", true],
  ["doc", 42, true],
  ["doc", { when: new Date(0) }, false],
  ["doc", [Number.NaN], false],
  ["doc", { missing: undefined }, false],
  ["doc", new Map(), false],
];

await stageWith([postgres], "13.1", (service) => {
  const { db } = useModels(service, "fields", SCHEMA);

  test("names every declared column, in order, each property under its column's name", async () => {
    const compiled = await run("compile(Sample.select())", () => compile(Sample.select()));
    expectEqual(
      `class Sample extends ${DECLARED} {}; compile(Sample.select())`,
      {
        sql: `SELECT "samples"."id", "samples"."small", "samples"."big", "samples"."ratio", "samples"."price", "samples"."label", "samples"."active", "samples"."seen_at", "samples"."doc" FROM "samples"`,
        params: [],
      },
      { sql: compiled.sql, params: [...compiled.params] },
      "Model.table() builds a chapter 12 table whose columns are the fields' columns, in declaration order: options.column ?? the property's name.",
    );
    expectEqual(
      "Sample.seenAt instanceof Column, and its name",
      [true, "seen_at"],
      [Sample.seenAt instanceof Column, (Sample.seenAt as { name?: unknown } | undefined)?.name],
      "Each field is a static property of the class: the chapter 12 Column of its column.",
    );
    const since = utc("2024-01-01T00:00:00Z");
    const where = await run("compile(Sample.select().where(Sample.seenAt.gt(since)))", () =>
      compile(Sample.select().where(Sample.seenAt.gt(since))),
    );
    expectEqual(
      "compile(Sample.select().where(Sample.seenAt.gt(new Date('2024-01-01T00:00:00Z'))))",
      { sql: `${compiled.sql} WHERE "samples"."seen_at" > $1`, params: [since] },
      { sql: where.sql, params: [...where.params] },
    );
  });

  test("reads each field as its type: int8 as a bigint, numeric exactly, timestamptz as a Date, jsonb as a value", async () => {
    const [row] = await run("await Sample.select().orderBy(Sample.id.asc()).all()", () =>
      Sample.select().orderBy(Sample.id.asc()).all(),
    );
    expectEqual("(await Sample.select().all()).length > 0", true, row !== undefined);
    const read = await run("the fields of the row", () => ({
      instance: row instanceof Sample,
      small: row?.small,
      big: row?.big,
      ratio: row?.ratio,
      price: row?.price,
      label: row?.label,
      active: row?.active,
      seenAt: row?.seenAt,
      doc: row?.doc,
    }));
    expectEqual(
      "the row INSERTed by the checks, read with Sample.select().all()",
      {
        instance: true,
        small: -2147483648,
        big: 9007199254740993n,
        ratio: 0.1,
        price: "12345678901234567890.125",
        label: "it's",
        active: true,
        seenAt: utc("2024-03-10T09:30:00.250Z"),
        doc: [1, { a: [true, null] }],
      },
      read,
      "An instance's accessor returns the value chapter 11's parsers made of the column: nothing to convert, only to check.",
    );
  });

  test("writes each field as its type: a JSON array or string as a document, a bigint and a Date exactly", async () => {
    const values = {
      small: 2147483647,
      big: -9223372036854775808n,
      ratio: -2.5,
      price: "0.10",
      label: "a'b\"c",
      active: false,
      seenAt: utc("2024-06-01T12:34:56.789Z"),
    };
    const written: [unknown, string][] = [
      [["a", { b: 1 }], '["a", {"b": 1}]'],
      ["just text", '"just text"'],
      [42, "42"],
    ];
    for (const [doc, documentText] of written) {
      const what = `await Sample.create({ …, doc: ${JSON.stringify(doc)} })`;
      const sample = await run(
        what,
        () => Sample.create({ ...values, doc: doc as never }),
        "A json field sends json(value): a bare array would be an SQL array, a bare string the JSON text itself.",
      );
      const [stored] = await witnessRows(
        db().url,
        "SELECT small, big::text, ratio, price::text, label, active, seen_at = $2::timestamptz AS same_instant, doc::text FROM samples WHERE id = $1",
        [sample.id, values.seenAt.toISOString()],
      );
      expectEqual(
        `${what}; then the row, read by the checks' own client`,
        {
          small: 2147483647,
          big: "-9223372036854775808",
          ratio: -2.5,
          price: "0.10",
          label: "a'b\"c",
          active: false,
          same_instant: true,
          doc: documentText,
        },
        stored,
      );
    }
  });

  test("takes from a program only values of each field's type", async () => {
    for (const [field, value, accepted] of VALUES) {
      const what = `new Sample({ …valid values, ${field}: ${String(typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? value))} })`;
      if (accepted) {
        await run(what, () => new Sample({ ...VALID, [field]: value }), `fields.${field} must accept this value.`);
      } else {
        const error = await expectFailure(
          what,
          ValidationError,
          () => new Sample({ ...VALID, [field]: value }),
          "Each field type checks a value before the model keeps it: an integer in int4's range, a bigint in int8's, a valid Date, JSON that stringifies as it is.",
        );
        expectEqual(`${what}: the ValidationError's field`, field, error.field);
      }
    }
  });

  test("refuses a value read from the database that does not fit its field, naming the field", async () => {
    const cases: [string, () => Promise<unknown>, string, string][] = [
      [
        "a timestamp without time zone read by fields.timestamp() (timestamptz)",
        () => WallClock.select().all(),
        "at",
        "A timestamp column is text in chapter 11 (it names no instant): a Date field must refuse it.",
      ],
      [
        "a bigint column read by fields.int()",
        () => Counter.select().all(),
        "n",
        "int8 arrives as a bigint: fields.int() must refuse it rather than hand out a value of another type.",
      ],
      [
        "NULL read by a field that is not nullable",
        () => Note.select().all(),
        "body",
        "A field without { nullable: true } promises a value: NULL from the database breaks that promise.",
      ],
    ];
    for (const [what, read, field, hint] of cases) {
      const error = await expectFailure(what, ValidationError, read, hint);
      expectEqual(`${what}: the ValidationError's field`, field, error.field, hint);
    }
  });
});
