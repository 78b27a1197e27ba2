// Stage 06.5: input parsing — JSON bodies (also chunked), form bodies, query strings and
// cookies — strict about syntax and bounded in size. The parsers are also checked directly on
// tables of inputs.
import { parseCookies } from "@lab/src/microfast/cookies.ts";
import { parseFormUrlencoded } from "@lab/src/microfast/form-urlencoded.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import {
  CHECK_APP,
  exchange,
  expectJson,
  expectStatus,
  fail,
  isDeepStrictEqual,
  jsonBody,
  MAX_FIELDS,
  MAX_PARSED_BODY_BYTES,
} from "./exchange.ts";

const JSON_HEADERS = [["Content-Type", "application/json"]] as const;
const FORM_HEADERS = [["Content-Type", "application/x-www-form-urlencoded"]] as const;
const SAMPLE = { user: { name: "Zoë", tags: ["a", "b"] }, count: 3, ratio: 0.5, ok: true, none: null };

/** Form encoding, input → fields (a repeated name → array), or null for input that must be refused. */
const FORM_CASES: [input: string, expected: Record<string, string | string[]> | null][] = [
  ["a=1&b=2", { a: "1", b: "2" }],
  ["", {}],
  ["a=1&&b=2&", { a: "1", b: "2" }],
  ["name=x+y%20z", { name: "x y z" }],
  ["a%2Bb=c%26d%3De", { "a+b": "c&d=e" }],
  ["flag&empty=", { flag: "", empty: "" }],
  ["t=a&t=b&t=c", { t: ["a", "b", "c"] }],
  ["e=%C3%A9%E2%98%95", { e: "é☕" }],
  ["eq=a=b=c", { eq: "a=b=c" }],
  ["bad=%zz", null],
  ["bad=%4", null],
  ["bad=100%", null],
  ["bad=%C3%28", null],
  ["bad%=x", null],
];

/** Cookie field values (RFC 6265 §5.4) → cookies. */
const COOKIE_CASES: [header: string | undefined, expected: Record<string, string>][] = [
  [undefined, {}],
  ["session=abc123", { session: "abc123" }],
  ["a=1; b=2;c=3", { a: "1", b: "2", c: "3" }],
  ['theme="dark"', { theme: "dark" }],
  ["a=1; a=2", { a: "1" }],
  ["junk; a=1; =nameless", { a: "1" }],
  ["empty=; x = y ", { empty: "", x: "y" }],
  ["token=ab==", { token: "ab==" }],
];

/** How many random forms the round-trip check encodes and parses. */
const RANDOM_FORMS = sized("06.5", { full: 500, quick: 100 });
/** Characters that stress the format: reserved ones, "+", "%", spaces, non-ASCII, an astral emoji. */
const ALPHABET = [..."abcXYZ019 +%&=?#/;,'\"~*_-.", "é", "ß", "☕", "𝄞", "\t", "\n"];

/** Random fields, encoded the way a browser submits a form (URLSearchParams), and their expected parse. */
function randomForm(random: () => number): { text: string; expected: Record<string, string | string[]> } {
  const word = (max: number) =>
    Array.from({ length: Math.floor(random() * max) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join("");
  const names = Array.from({ length: 1 + Math.floor(random() * 4) }, () => word(6) || "n");
  const pairs: [string, string][] = Array.from({ length: 1 + Math.floor(random() * 8) }, () => [
    names[Math.floor(random() * names.length)]!,
    word(10),
  ]);
  const expected: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const seen = expected[name];
    expected[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return { text: new URLSearchParams(pairs).toString(), expected };
}

function table<T>(what: string, input: string | undefined, expected: unknown, received: T, hint: string): void {
  if (!isDeepStrictEqual(received, expected)) {
    throw new CheckFailure(`${what} ${JSON.stringify(input)} is parsed wrongly`, {
      sent: JSON.stringify(input),
      expected: JSON.stringify(expected),
      received: JSON.stringify(received),
      hint,
    });
  }
}

stage("06.5", () => {
  const server = useSharedLabServer(CHECK_APP);

  test("parseFormUrlencoded: + and %XX decoding, repeated names, strict escapes", () => {
    for (const [input, expected] of FORM_CASES) {
      let received: unknown;
      try {
        received = parseFormUrlencoded(input, MAX_FIELDS).toJSON();
      } catch (error) {
        if (/TODO\(06\)/.test(String(error))) throw error;
        received = null;
      }
      table(
        "the form text",
        input,
        expected,
        received,
        'Split at "&", then at the first "="; "+" is a space; a "%" must start %XX; the bytes must be UTF-8 (decodeURIComponent throws otherwise). null means: throw FormError.',
      );
    }
  });

  test("parseFormUrlencoded refuses more than maxFields fields", () => {
    const input = Array.from({ length: 4 }, (_, i) => `f${i}=${i}`).join("&");
    let refused = false;
    try {
      parseFormUrlencoded(input, 3);
    } catch (error) {
      if (/TODO\(06\)/.test(String(error))) throw error;
      refused = true;
    }
    if (!refused)
      throw new CheckFailure("4 fields were accepted with maxFields = 3", {
        sent: JSON.stringify(input),
        expected: "a FormError for the 4th field",
        received: "the fields, parsed",
      });
    table(
      "the form text",
      "a=1&&&b=2",
      { a: "1", b: "2" },
      parseFormUrlencoded("a=1&&&b=2", 2).toJSON(),
      'Empty pieces between "&" are not fields: do not count them.',
    );
  });

  test(`parseFormUrlencoded reads back ${RANDOM_FORMS} random forms encoded by URLSearchParams (seeded)`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    for (let i = 0; i < RANDOM_FORMS; i++) {
      const { text, expected } = randomForm(random);
      let received: unknown;
      try {
        received = parseFormUrlencoded(text, MAX_FIELDS).toJSON();
      } catch (error) {
        if (/TODO\(06\)/.test(String(error))) throw error;
        received = `an error: ${(error as Error).message}`;
      }
      if (!isDeepStrictEqual(received, expected)) {
        throw new CheckFailure(`form #${i + 1} of ${RANDOM_FORMS} is parsed wrongly`, {
          sent: JSON.stringify(text),
          expected: JSON.stringify(expected),
          received: JSON.stringify(received),
          hint: `Browsers encode a space as "+" and everything else outside [A-Za-z0-9*-._] as %XX UTF-8 bytes: decode "+" before %XX, so "%2B" stays a "+". ${reproduceLine(seed, "06", "06.5")}`,
        });
      }
    }
  });

  test("parseCookies: pairs, quotes, first of a repeated name wins, junk skipped", () => {
    for (const [input, expected] of COOKIE_CASES) {
      table(
        "the Cookie field",
        input,
        expected,
        { ...parseCookies(input) },
        'Split at ";", then at the first "="; trim; strip one pair of surrounding DQUOTEs; keep the first value of a name; skip pieces without "=" or without a name.',
      );
    }
  });

  test("a JSON body is parsed: request.json()", async () => {
    const ex = await exchange(server(), "POST", "/parse/json", { headers: JSON_HEADERS, body: JSON.stringify(SAMPLE) });
    expectJson(ex, 200, { received: SAMPLE }, "json(): check the size, decode UTF-8, JSON.parse.");
  });

  test("a chunked JSON body is parsed the same way", async () => {
    const ex = await exchange(server(), "POST", "/parse/json", {
      headers: JSON_HEADERS,
      body: JSON.stringify(SAMPLE),
      chunked: 7,
    });
    expectJson(
      ex,
      200,
      { received: SAMPLE },
      "The connection (chapter 04) removes the chunked framing; request.body is the whole body.",
    );
  });

  test("malformed JSON is 400 with a detail that says where it breaks", async () => {
    const ex = await exchange(server(), "POST", "/parse/json", {
      headers: JSON_HEADERS,
      body: '{"name": "x",\n "age": }',
    });
    expectStatus(ex, 400, "Catch JSON.parse's SyntaxError and throw HttpError(400, …) with its message.");
    const detail = (jsonBody(ex) as { detail?: unknown }).detail;
    if (typeof detail !== "string" || !/JSON/.test(detail) || !detail.includes("line 2 column 9")) {
      fail(
        "the 400's detail does not say where the JSON breaks",
        ex,
        '{"detail": "… JSON … line 2 column 9"} (the "}" where a value should be)',
        "JSON.parse's message often names no position: ask findJsonSyntaxError(text) (json-syntax.ts) for the line and column.",
      );
    }
  });

  test("a JSON body cut short is 400 too", async () => {
    const ex = await exchange(server(), "POST", "/parse/json", { headers: JSON_HEADERS, body: '{"name": ["x"' });
    expectStatus(ex, 400);
    const detail = (jsonBody(ex) as { detail?: unknown }).detail;
    if (typeof detail !== "string" || !/line 1 column 14/.test(detail))
      fail(
        "the 400's detail does not point at the end of the body",
        ex,
        '{"detail": "… line 1 column 14"}',
        "A body cut short breaks just after its last character: findJsonSyntaxError reports that place.",
      );
  });

  test(`a JSON body of exactly ${MAX_PARSED_BODY_BYTES} bytes is parsed; one byte more is 413`, async () => {
    const exact = JSON.stringify({ pad: "x".repeat(MAX_PARSED_BODY_BYTES - 10) });
    const ok = await exchange(server(), "POST", "/parse/json", { headers: JSON_HEADERS, body: exact });
    expectStatus(
      ok,
      200,
      `The limit is maxParsedBodyBytes = ${MAX_PARSED_BODY_BYTES}: a body of that size is allowed.`,
    );
    const over = await exchange(server(), "POST", "/parse/json", {
      headers: JSON_HEADERS,
      body: JSON.stringify({ pad: "x".repeat(MAX_PARSED_BODY_BYTES - 9) }),
    });
    expectStatus(
      over,
      413,
      "Compare body.length with maxParsedBodyBytes before parsing: 413 Content Too Large (RFC 9110 §15.5.14).",
    );
    const detail = (jsonBody(over) as { detail?: unknown }).detail;
    if (typeof detail !== "string" || !detail.includes(String(MAX_PARSED_BODY_BYTES)))
      fail("the 413 does not name the limit", over, `a detail that names the limit, ${MAX_PARSED_BODY_BYTES}`);
  });

  test("a form body is parsed: request.form()", async () => {
    const ex = await exchange(server(), "POST", "/parse/form", {
      headers: FORM_HEADERS,
      body: "name=Zo%C3%AB+K&tag=a&tag=b&empty=",
    });
    expectJson(ex, 200, { received: { name: "Zoë K", tag: ["a", "b"], empty: "" } });
  });

  test(`a form body with more than ${MAX_FIELDS} fields is 413; a malformed one 400`, async () => {
    const many = Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `f${i}=${i}`).join("&");
    expectStatus(
      await exchange(server(), "POST", "/parse/form", { headers: FORM_HEADERS, body: many }),
      413,
      "Too many fields in a body is content too large, as for Express's urlencoded parser.",
    );
    expectStatus(await exchange(server(), "POST", "/parse/form", { headers: FORM_HEADERS, body: "a=%zz" }), 400);
  });

  test("the query string is parsed: request.query", async () => {
    const ex = await exchange(server(), "GET", "/parse/query?q=caf%C3%A9+au+lait&tag=a&tag=b&flag");
    expectJson(
      ex,
      200,
      { received: { q: "café au lait", tag: ["a", "b"], flag: "" } },
      'request.query parses the part after "?" as form encoding.',
    );
    expectJson(await exchange(server(), "GET", "/parse/query"), 200, { received: {} });
  });

  test(`a query with a malformed escape or more than ${MAX_FIELDS} fields is 400`, async () => {
    expectStatus(
      await exchange(server(), "GET", "/parse/query?a=%E2%82"),
      400,
      "%E2%82 is not complete UTF-8: decodeURIComponent throws; answer 400.",
    );
    const many = Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `f${i}=${i}`).join("&");
    expectStatus(
      await exchange(server(), "GET", `/parse/query?${many}`),
      400,
      "Too many query fields is a bad request (400): the URL, not a body, is too big.",
    );
  });

  test("cookies are parsed: request.cookies", async () => {
    const ex = await exchange(server(), "GET", "/parse/cookies", {
      headers: [["Cookie", 'session=abc; theme="dark"; session=other; junk; __proto__=x']],
    });
    expectJson(
      ex,
      200,
      { received: { session: "abc", theme: "dark", ["__proto__"]: "x" } },
      "A cookie named __proto__ is just a cookie: build the result on Object.create(null).",
    );
  });
});
