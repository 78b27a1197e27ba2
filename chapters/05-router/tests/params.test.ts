// Stages 05.2 and 05.3: parameters, in-process. A parameter fills one whole segment, decoded
// after the path was split; {name:int} converts it, and a segment it cannot convert makes
// that route not match.
import { describe, expect, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stage } from "../../../shared/check/stage.ts";
import { buildRouter, caseName, checkCase, type RouteTable } from "./routing.ts";

const PER_SEGMENT =
  'Split the path at "/" first, then percent-decode each segment on its own: an escaped %2F is data inside its segment, not a separator.';

const PARAMS: RouteTable[] = [
  {
    what: "{name} parameters",
    routes: [
      ["GET", "/users/{id}"],
      ["GET", "/users/{id}/posts/{post}"],
      ["GET", "/orgs/{org}/repos/{repo}/issues"],
      ["GET", "/search/{q}"],
    ],
    cases: [
      { request: ["GET", "/users/alice"], expect: { route: "GET /users/{id}", params: { id: "alice" } } },
      {
        request: ["GET", "/users/42"],
        expect: { route: "GET /users/{id}", params: { id: "42" } },
        hint: "A {name} parameter without a type is a string, even when it looks like a number.",
      },
      {
        request: ["GET", "/users/alice/posts/p1"],
        expect: { route: "GET /users/{id}/posts/{post}", params: { id: "alice", post: "p1" } },
      },
      {
        request: ["GET", "/orgs/acme/repos/web/issues"],
        expect: { route: "GET /orgs/{org}/repos/{repo}/issues", params: { org: "acme", repo: "web" } },
      },
      { request: ["GET", "/orgs/acme/repos/web"], expect: { notFound: true } },
      { request: ["GET", "/users"], expect: { notFound: true }, hint: "A parameter needs a segment to fill." },
      {
        request: ["GET", "/users/"],
        expect: { notFound: true },
        hint: "An empty segment never fills a parameter: /users/ has no id.",
      },
      {
        request: ["GET", "/users//posts/p1"],
        expect: { notFound: true },
        hint: "An empty segment never fills a parameter.",
      },
      {
        request: ["GET", "/users/a%2Fb"],
        expect: { route: "GET /users/{id}", params: { id: "a/b" } },
        hint: PER_SEGMENT,
      },
      {
        request: ["GET", "/users/a%2Fb/posts/x%2Fy"],
        expect: { route: "GET /users/{id}/posts/{post}", params: { id: "a/b", post: "x/y" } },
        hint: PER_SEGMENT,
      },
      {
        request: ["GET", "/users/caf%C3%A9"],
        expect: { route: "GET /users/{id}", params: { id: "café" } },
        hint: "Percent-decode a segment as UTF-8 (RFC 3986 §2.5): %C3%A9 is é.",
      },
      { request: ["GET", "/users/hello%20world"], expect: { route: "GET /users/{id}", params: { id: "hello world" } } },
      {
        request: ["GET", "/search/a+b"],
        expect: { route: "GET /search/{q}", params: { q: "a+b" } },
        hint: '"+" means a space only in form-encoded query strings; in a path it is a plus sign.',
      },
      {
        request: ["GET", "/search/100%25"],
        expect: { route: "GET /search/{q}", params: { q: "100%" } },
        hint: 'Decode exactly once: %25 is "%".',
      },
      {
        request: ["GET", "/users/%zz"],
        expect: { notFound: true },
        hint: "A malformed escape (%zz) cannot be decoded: no route matches it. Do not throw.",
      },
      {
        request: ["GET", "/users/%E9"],
        expect: { notFound: true },
        hint: "%E9 alone is not UTF-8: no route matches it. Do not throw.",
      },
      {
        request: ["GET", "/users/50%"],
        expect: { notFound: true },
        hint: 'A lone "%" is a malformed escape: no route matches it. Do not throw.',
      },
    ],
  },
  {
    what: "static segments are decoded too",
    routes: [
      ["GET", "/café/menu"],
      ["GET", "/a b"],
    ],
    cases: [
      {
        request: ["GET", "/caf%C3%A9/menu"],
        expect: { route: "GET /café/menu" },
        hint: "Patterns are written decoded; compare them with decoded segments.",
      },
      {
        request: ["GET", "/caf%c3%a9/menu"],
        expect: { route: "GET /café/menu" },
        hint: "Hex digits in escapes are case-insensitive (RFC 3986 §2.1).",
      },
      { request: ["GET", "/a%20b"], expect: { route: "GET /a b" } },
    ],
  },
  {
    what: "names belong to each route, not to the position",
    routes: [
      ["GET", "/items/{id}"],
      ["PUT", "/items/{item_id}"],
      ["GET", "/items/{id}/tags"],
    ],
    cases: [
      { request: ["GET", "/items/x"], expect: { route: "GET /items/{id}", params: { id: "x" } } },
      {
        request: ["PUT", "/items/x"],
        expect: { route: "PUT /items/{item_id}", params: { item_id: "x" } },
        hint: "Two routes may name the same position differently: store the names with each route and give values positionally.",
      },
      { request: ["GET", "/items/x/tags"], expect: { route: "GET /items/{id}/tags", params: { id: "x" } } },
    ],
  },
];

const INT_HINT =
  '{name:int} accepts an optional "-" then decimal digits only, within Number.MAX_SAFE_INTEGER; anything else makes that route not match.';

const TYPED: RouteTable[] = [
  {
    what: "{name:int} parameters",
    routes: [
      ["GET", "/users/{id:int}"],
      ["GET", "/orders/{n:int}/lines/{line:int}"],
    ],
    cases: [
      {
        request: ["GET", "/users/42"],
        expect: { route: "GET /users/{id:int}", params: { id: 42 } },
        hint: 'An int parameter\'s value is a number: 42, not "42".',
      },
      { request: ["GET", "/users/0"], expect: { route: "GET /users/{id:int}", params: { id: 0 } } },
      { request: ["GET", "/users/-3"], expect: { route: "GET /users/{id:int}", params: { id: -3 } } },
      { request: ["GET", "/users/007"], expect: { route: "GET /users/{id:int}", params: { id: 7 } } },
      {
        request: ["GET", "/users/%34%32"],
        expect: { route: "GET /users/{id:int}", params: { id: 42 } },
        hint: 'Decode the segment first, then convert it: %34%32 is "42".',
      },
      {
        request: ["GET", "/users/9007199254740991"],
        expect: { route: "GET /users/{id:int}", params: { id: 9007199254740991 } },
      },
      {
        request: ["GET", "/orders/3/lines/7"],
        expect: { route: "GET /orders/{n:int}/lines/{line:int}", params: { n: 3, line: 7 } },
      },
      ...[
        "abc",
        "4.2",
        "1e3",
        "0x10",
        "+5",
        "-",
        "%2042",
        "42%20",
        "9007199254740992",
        "12345678901234567890",
        "Infinity",
        "NaN",
        "١٢",
      ].map((segment) => ({
        request: ["GET", `/users/${segment}`] as const,
        expect: { notFound: true } as const,
        hint: INT_HINT,
      })),
      { request: ["GET", "/orders/3/lines/x"], expect: { notFound: true }, hint: INT_HINT },
    ],
  },
  {
    what: "{name:int} and {name} at the same position: the int route first",
    routes: [
      ["GET", "/u/{name}"],
      ["GET", "/u/{id:int}"],
    ],
    cases: [
      {
        request: ["GET", "/u/42"],
        expect: { route: "GET /u/{id:int}", params: { id: 42 } },
        hint: "At one position, the narrower type is tried first: {id:int} before {name}, whatever the registration order.",
      },
      {
        request: ["GET", "/u/bob"],
        expect: { route: "GET /u/{name}", params: { name: "bob" } },
        hint: "A segment that is not an integer falls through to the {name} route.",
      },
      { request: ["GET", "/u/-"], expect: { route: "GET /u/{name}", params: { name: "-" } } },
    ],
  },
];

stage("05.2", () => {
  for (const table of PARAMS) {
    describe(table.what, () => {
      for (const row of table.cases) test(caseName(row), () => checkCase(table.routes, row));
    });
  }
});

stage("05.3", () => {
  for (const table of TYPED) {
    describe(table.what, () => {
      for (const row of table.cases) test(caseName(row), () => checkCase(table.routes, row));
    });
  }

  test("add() describes the route it registered: method, pattern, and each parameter with its type", () => {
    const router = buildRouter([]);
    const info = router.add("GET", "/orders/{n:int}/items/{sku}", "handler");
    const want = {
      method: "GET",
      pattern: "/orders/{n:int}/items/{sku}",
      params: [
        { name: "n", type: "int" },
        { name: "sku", type: "str" },
      ],
    };
    const got = {
      method: info.method,
      pattern: info.pattern,
      params: info.params.map((p) => ({ name: p.name, type: p.type })),
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new CheckFailure("add() returned the wrong RouteInfo", {
        sent: 'add("GET", "/orders/{n:int}/items/{sku}", handler)',
        expected: JSON.stringify(want),
        received: JSON.stringify(got),
        hint: 'A parameter without a type is "str"; list the parameters left to right.',
      });
    }
    expect(router.routes().map((r) => r.pattern)).toEqual([want.pattern]);
  });
});
