// Stage 06.6: routes declare schemas for params, query and body; the app validates before the
// handler runs and answers 422 with every issue, FastAPI's shape:
//   {"detail": [{"loc": ["body", "age"], "msg": "…", "type": "greater_than_equal", …}]}
// validate.ts is also checked directly on a table of schemas and inputs.

import { FormFields } from "@lab/src/microfast/form-urlencoded.ts";
import { t } from "@lab/src/microfast/schema.ts";
import { validateFields, validateJson } from "@lab/src/microfast/validate.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import {
  CHECK_APP,
  type Exchange,
  exchange,
  expectJson,
  expectStatus,
  fail,
  isDeepStrictEqual,
  jsonBody,
} from "./exchange.ts";

const JSON_HEADERS = [["Content-Type", "application/json"]] as const;
const ISSUE_HINT =
  'Each issue is {loc, msg, type} (plus input when there is one): loc starts with "path", "query" or "body" and goes down to the field or array index.';

/** A 422 whose issues have exactly these locs and types, in this order, each with a message. */
function expect422(
  ex: Exchange,
  expected: { loc: (string | number)[]; type: string; input?: unknown }[],
  hint = ISSUE_HINT,
): void {
  expectStatus(
    ex,
    422,
    'Validate before calling the handler; on any issue throw HttpError(422, issues), which answers {"detail": issues}.',
  );
  const detail = (jsonBody(ex) as { detail?: unknown }).detail;
  const shown = JSON.stringify(expected);
  if (!Array.isArray(detail)) fail("the 422's detail is not a list of issues", ex, `{"detail": ${shown}}`, hint);
  const got = detail.map((issue: { loc?: unknown; type?: unknown; msg?: unknown; input?: unknown }) => ({
    loc: issue.loc,
    type: issue.type,
    msg: issue.msg,
    input: issue.input,
  }));
  const same =
    got.length === expected.length &&
    got.every(
      (issue, i) =>
        isDeepStrictEqual(issue.loc, expected[i]!.loc) &&
        issue.type === expected[i]!.type &&
        typeof issue.msg === "string" &&
        issue.msg !== "" &&
        (!("input" in expected[i]!) || isDeepStrictEqual(issue.input, expected[i]!.input)),
    );
  if (!same)
    fail(
      "the 422's issues differ from the spec",
      ex,
      `issues with these loc, type (and input), in this order, each with a msg: ${shown}`,
      hint,
    );
}

/** Schemas and inputs for validateJson, with the locs/types of the issues (none: valid, with the value). */
const ADDRESS = t.object({ city: t.string({ minLength: 1 }), zip: t.string({ pattern: "^[0-9]{5}$" }) });
const PERSON = t.object({
  name: t.string({ minLength: 2, maxLength: 5 }),
  age: t.integer({ minimum: 0, maximum: 150 }),
  score: t.optional(t.number()),
  admin: t.withDefault(t.boolean(), false),
  role: t.optional(t.string({ enum: ["user", "staff"] })),
  tags: t.optional(t.array(t.string(), { minItems: 1, maxItems: 2 })),
  address: t.optional(ADDRESS),
});
type Case = { input: unknown; value?: unknown; issues?: [(string | number)[], string][] };
const JSON_CASES: Case[] = [
  { input: { name: "Ann", age: 30 }, value: { name: "Ann", age: 30, admin: false } },
  {
    input: { name: "Ann", age: 30, admin: true, score: 9.5, extra: "ignored" },
    value: { name: "Ann", age: 30, admin: true, score: 9.5 },
  },
  {
    input: {},
    issues: [
      [["body", "name"], "missing"],
      [["body", "age"], "missing"],
    ],
  },
  {
    input: { name: "A", age: -1 },
    issues: [
      [["body", "name"], "string_too_short"],
      [["body", "age"], "greater_than_equal"],
    ],
  },
  {
    input: { name: "Annabel", age: 151 },
    issues: [
      [["body", "name"], "string_too_long"],
      [["body", "age"], "less_than_equal"],
    ],
  },
  {
    input: { name: 7, age: "30" },
    issues: [
      [["body", "name"], "string_type"],
      [["body", "age"], "int_type"],
    ],
  },
  { input: { name: "Ann", age: 30.5 }, issues: [[["body", "age"], "int_type"]] },
  {
    input: { name: "Ann", age: 30, score: "high", admin: "yes" },
    issues: [
      [["body", "score"], "float_type"],
      [["body", "admin"], "bool_type"],
    ],
  },
  { input: { name: "Ann", age: 30, role: "root" }, issues: [[["body", "role"], "enum"]] },
  { input: { name: "Ann", age: 30, tags: [] }, issues: [[["body", "tags"], "too_short"]] },
  {
    input: { name: "Ann", age: 30, tags: ["a", 2, "c"] },
    issues: [
      [["body", "tags"], "too_long"],
      [["body", "tags", 1], "string_type"],
    ],
  },
  { input: { name: "Ann", age: 30, tags: "a" }, issues: [[["body", "tags"], "list_type"]] },
  {
    input: { name: "Ann", age: 30, address: { city: "", zip: "1234x" } },
    issues: [
      [["body", "address", "city"], "string_too_short"],
      [["body", "address", "zip"], "string_pattern_mismatch"],
    ],
  },
  { input: { name: "Ann", age: 30, address: [] }, issues: [[["body", "address"], "dict_type"]] },
  { input: null, issues: [[["body"], "dict_type"]] },
  {
    input: JSON.parse('{"__proto__": {"admin": true}, "name": "Ann", "age": 1}'),
    value: { name: "Ann", age: 1, admin: false },
  },
];

/** Text fields (query, form, path) are converted to the schema's types. */
const QUERY = t.object({
  n: t.integer(),
  x: t.optional(t.number()),
  b: t.optional(t.boolean()),
  many: t.optional(t.array(t.integer())),
  s: t.withDefault(t.string(), "d"),
});
const FIELD_CASES: { fields: [string, string][]; value?: unknown; issues?: [(string | number)[], string][] }[] = [
  { fields: [["n", "42"]], value: { n: 42, s: "d" } },
  {
    fields: [
      ["n", "-7"],
      ["x", "2.5e1"],
      ["b", "on"],
      ["many", "1"],
      ["many", "2"],
      ["s", "text"],
    ],
    value: { n: -7, x: 25, b: true, many: [1, 2], s: "text" },
  },
  {
    fields: [
      ["n", "1"],
      ["n", "2"],
    ],
    value: { n: 2, s: "d" },
  },
  {
    fields: [
      ["n", "4.2"],
      ["x", "abc"],
      ["b", "maybe"],
      ["many", "1"],
      ["many", "x"],
    ],
    issues: [
      [["query", "n"], "int_parsing"],
      [["query", "x"], "float_parsing"],
      [["query", "b"], "bool_parsing"],
      [["query", "many", 1], "int_parsing"],
    ],
  },
  { fields: [["n", ""]], issues: [[["query", "n"], "int_parsing"]] },
  { fields: [], issues: [[["query", "n"], "missing"]] },
];

function compare(
  what: string,
  sent: unknown,
  result: {
    ok: boolean;
    value?: unknown;
    issues?: readonly { loc: readonly (string | number)[]; type: string; msg: string }[];
  },
  expected: { value?: unknown; issues?: [(string | number)[], string][] },
): void {
  const got = result.ok ? { value: result.value } : { issues: result.issues?.map((i) => [i.loc, i.type]) };
  const want = expected.issues ? { issues: expected.issues } : { value: expected.value };
  const messages = result.ok || (result.issues ?? []).every((i) => typeof i.msg === "string" && i.msg !== "");
  if (!isDeepStrictEqual(got, want) || !messages) {
    throw new CheckFailure(`${what} is validated wrongly`, {
      sent: JSON.stringify(sent),
      expected: JSON.stringify(want),
      received: JSON.stringify(result.ok ? got : result.issues),
      hint: "Check every property (all issues, not the first), in schema order; loc goes down to the field or index; a missing optional property is left out, a defaulted one filled in; only declared properties are copied.",
    });
  }
}

stage("06.6", () => {
  const server = useSharedLabServer(CHECK_APP);

  test("validateJson: types, bounds, lengths, patterns, enums, arrays, nesting, defaults", () => {
    for (const c of JSON_CASES) compare("the JSON value", c.input, validateJson(PERSON, c.input, ["body"]), c);
  });

  test("validateFields: text converted to integers, numbers, booleans, arrays; the last value wins", () => {
    for (const c of FIELD_CASES) {
      const fields = new FormFields();
      for (const [name, value] of c.fields) fields.add(name, value);
      compare("the query fields", c.fields, validateFields(QUERY, fields, ["query"]), c);
    }
  });

  test("a valid request reaches the handler with converted, defaulted values", async () => {
    const ex = await exchange(server(), "POST", "/shops/acme/items?notify=yes", {
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "Lamp", price: 19.5, tags: ["home"], colour: "red" }),
    });
    expectJson(
      ex,
      200,
      { shop: "acme", notify: true, item: { name: "Lamp", price: 19.5, quantity: 1, tags: ["home"] } },
      "Hand the validated values to the handler: params as its second argument, query and body as request.valid.",
    );
  });

  test("every issue of params, query and body is reported at once, in that order", async () => {
    const ex = await exchange(server(), "POST", "/shops/ab/items?notify=maybe", {
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "", price: -1, tags: ["ok", "NO"] }),
    });
    expect422(ex, [
      { loc: ["path", "shop"], type: "string_too_short", input: "ab" },
      { loc: ["query", "notify"], type: "bool_parsing", input: "maybe" },
      { loc: ["body", "name"], type: "string_too_short", input: "" },
      { loc: ["body", "price"], type: "greater_than_equal", input: -1 },
      { loc: ["body", "tags", 1], type: "string_pattern_mismatch", input: "NO" },
    ]);
  });

  test('the issue FastAPI users know: {"loc": ["body", "age"], …}', async () => {
    const ex = await exchange(server(), "POST", "/signup", {
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "Ann", age: 17 }),
    });
    expect422(ex, [{ loc: ["body", "age"], type: "greater_than_equal", input: 17 }]);
    const issue = (jsonBody(ex) as { detail: { ctx?: unknown }[] }).detail[0]!;
    if (!isDeepStrictEqual(issue.ctx, { ge: 18 }))
      fail(
        "the issue does not say which bound failed",
        ex,
        '"ctx": {"ge": 18}',
        "Put the constraint in ctx: { ge: minimum } or { le: maximum }.",
      );
    expectJson(
      await exchange(server(), "POST", "/signup", {
        headers: JSON_HEADERS,
        body: JSON.stringify({ name: "Ann", age: 18 }),
      }),
      200,
      { welcome: "Ann" },
    );
  });

  test('a JSON body keeps its types: "19.5" is not a number', async () => {
    const ex = await exchange(server(), "POST", "/shops/acme/items", {
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "Lamp", price: "19.5" }),
    });
    expect422(ex, [{ loc: ["body", "price"], type: "float_type", input: "19.5" }]);
  });

  test("a form body is converted like a query: price=19.5 is a number", async () => {
    const ex = await exchange(server(), "POST", "/shops/acme/items", {
      headers: [["Content-Type", "application/x-www-form-urlencoded"]],
      body: "name=Lamp&price=19.5&quantity=2&tags=a&tags=b",
    });
    expectJson(
      ex,
      200,
      { shop: "acme", notify: false, item: { name: "Lamp", price: 19.5, quantity: 2, tags: ["a", "b"] } },
      "For application/x-www-form-urlencoded, validate request.form() with validateFields.",
    );
  });

  test('a missing body is one issue at ["body"]; a body of another type is 415', async () => {
    expect422(await exchange(server(), "POST", "/signup"), [{ loc: ["body"], type: "missing" }]);
    const ex = await exchange(server(), "POST", "/signup", {
      headers: [["Content-Type", "text/plain"]],
      body: "name=Ann",
    });
    expectStatus(
      ex,
      415,
      "A body the route cannot read is 415 Unsupported Media Type (RFC 9110 §15.5.16), before any validation.",
    );
  });

  test("malformed JSON is still 400, not 422", async () => {
    expectStatus(
      await exchange(server(), "POST", "/signup", { headers: JSON_HEADERS, body: "{name: Ann}" }),
      400,
      "request.json() throws HttpError(400) before validation starts.",
    );
  });

  test("query parameters: missing, not an integer, out of range, not in the enum, repeated into an array", async () => {
    expect422(await exchange(server(), "GET", "/search?limit=abc"), [
      { loc: ["query", "q"], type: "missing" },
      { loc: ["query", "limit"], type: "int_parsing", input: "abc" },
    ]);
    expect422(await exchange(server(), "GET", "/search?q=x&limit=0&sort=up"), [
      { loc: ["query", "limit"], type: "greater_than_equal", input: "0" },
      { loc: ["query", "sort"], type: "enum", input: "up" },
    ]);
    expectJson(await exchange(server(), "GET", "/search?q=lamp&tag=a&tag=b&sort=desc"), 200, {
      q: "lamp",
      limit: 10,
      tag: ["a", "b"],
      sort: "desc",
    });
  });

  test('path parameters: {id} with an integer schema is 422 for "abc", converted otherwise', async () => {
    expect422(await exchange(server(), "GET", "/orders/abc"), [
      { loc: ["path", "id"], type: "int_parsing", input: "abc" },
    ]);
    expect422(await exchange(server(), "GET", "/orders/0"), [
      { loc: ["path", "id"], type: "greater_than_equal", input: "0" },
    ]);
    expectJson(await exchange(server(), "GET", "/orders/21"), 200, { id: 21, double: 42 });
  });
});
