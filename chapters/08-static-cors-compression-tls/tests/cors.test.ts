// Stage 08.5: CORS (the Fetch standard, §3.2). tests/apps/cors.ts has three policies: /api/…
// grants the origins of tests/fixtures/cors-policy.ts with credentials, /public/… any origin
// without, /shared/… any origin with credentials. A granted origin gets
// Access-Control-Allow-Origin; a refused one gets the response without it; a preflight is
// answered by the middleware alone; and every answer that depends on Origin says Vary: Origin.
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import {
  type Exchange,
  exchange,
  expectBody,
  expectHeader,
  expectNoHeader,
  expectStatus,
  fail,
  listOf,
} from "./exchange.ts";
import { ALLOWED_ORIGINS, EXPOSED_HEADERS, MAX_AGE_SECONDS } from "./fixtures/cors-policy.ts";

const CORS_APP = checkApp("cors");
const ORIGIN = ALLOWED_ORIGINS[0]!;

const VARY_HINT =
  'addVary(response.headers, "Origin") on every response whose CORS fields depend on the Origin — also to a request without Origin or from a refused one: a cache must not hand one origin\'s answer to another.';

function expectVaryOrigin(ex: Exchange): void {
  if (!listOf(ex, "vary").includes("origin"))
    fail("the response does not say Vary: Origin", ex, "Vary: Origin (added to any Vary already there)", VARY_HINT);
}

function expectNoGrant(ex: Exchange, why: string): void {
  for (const name of [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
  ]) {
    expectNoHeader(ex, name, `${why}: a refusal is the absence of every Access-Control-Allow-* field.`);
  }
}

const PREFLIGHT_HINT =
  "A preflight is OPTIONS with Origin and Access-Control-Request-Method: answer it in the middleware, without calling next(): 204 with -Allow-Origin, -Allow-Methods, -Allow-Headers, -Allow-Credentials and -Max-Age when the origin, the method and every requested header are allowed; 403 otherwise.";

stage("08.5", () => {
  const server = useSharedLabServer(CORS_APP);

  test("grants an allowed origin: Allow-Origin names it, with credentials and the exposed fields", async () => {
    for (const origin of ALLOWED_ORIGINS) {
      const ex = await exchange(server(), "GET", "/api/items", { headers: [["Origin", origin]] });
      expectStatus(ex, 200);
      expectHeader(
        ex,
        "access-control-allow-origin",
        origin,
        'Name the request\'s Origin back when it is in the list; never "*" for a credentialed policy (Fetch §3.2.5).',
      );
      expectHeader(
        ex,
        "access-control-allow-credentials",
        "true",
        "credentials: true → Access-Control-Allow-Credentials: true.",
      );
      const exposed = listOf(ex, "access-control-expose-headers");
      if (EXPOSED_HEADERS.some((name) => !exposed.includes(name.toLowerCase())))
        fail(
          "Access-Control-Expose-Headers lacks a configured field",
          ex,
          `Access-Control-Expose-Headers: ${EXPOSED_HEADERS.join(", ")}`,
        );
      expectVaryOrigin(ex);
    }
  });

  test("refuses other origins by saying nothing: the response goes out without Access-Control-Allow-*", async () => {
    for (const origin of [
      "https://evil.example",
      "https://app.example.evil.example",
      "https://evil-app.example",
      "http://app.example",
      "null",
    ]) {
      const ex = await exchange(server(), "GET", "/api/items", { headers: [["Origin", origin]] });
      expectStatus(ex, 200, "CORS does not block the request: the browser withholds the answer from the page.");
      expectNoGrant(ex, `${origin} is not in the list (compare whole origins, exactly: no prefix or suffix matching)`);
      expectVaryOrigin(ex);
    }
  });

  test("says Vary: Origin to a request without Origin too, and adds it to a Vary already there", async () => {
    const none = await exchange(server(), "GET", "/api/items");
    expectNoHeader(none, "access-control-allow-origin");
    expectVaryOrigin(none);
    const localized = await exchange(server(), "GET", "/api/localized", { headers: [["Origin", ORIGIN]] });
    const vary = listOf(localized, "vary");
    if (!vary.includes("accept-language") || !vary.includes("origin"))
      fail("Vary lost a field", localized, "Vary: Accept-Language, Origin", VARY_HINT);
  });

  test("grants error responses too: a 404 from the router carries Allow-Origin", async () => {
    const ex = await exchange(server(), "GET", "/api/nowhere", { headers: [["Origin", ORIGIN]] });
    expectStatus(ex, 404);
    expectHeader(
      ex,
      "access-control-allow-origin",
      ORIGIN,
      "A page must be able to read why its request failed: the middleware adds its fields to every response next() returns.",
    );
  });

  test("answers a granted preflight itself: 204 with the allowed methods, headers and max-age", async () => {
    const ex = await exchange(server(), "OPTIONS", "/api/items/7", {
      headers: [
        ["Origin", ORIGIN],
        ["Access-Control-Request-Method", "PUT"],
        ["Access-Control-Request-Headers", "content-type,X-Token"],
      ],
    });
    expectStatus(ex, 204, PREFLIGHT_HINT);
    expectHeader(ex, "access-control-allow-origin", ORIGIN, PREFLIGHT_HINT);
    if (!listOf(ex, "access-control-allow-methods").includes("put"))
      fail(
        "the preflight does not allow the method it asked for",
        ex,
        "Access-Control-Allow-Methods listing PUT",
        PREFLIGHT_HINT,
      );
    const headers = listOf(ex, "access-control-allow-headers");
    if (!headers.includes("content-type") || !headers.includes("x-token"))
      fail(
        "the preflight does not allow the headers it asked for",
        ex,
        "Access-Control-Allow-Headers: content-type, x-token",
        "Header names compare case-insensitively.",
      );
    expectHeader(
      ex,
      "access-control-max-age",
      String(MAX_AGE_SECONDS),
      "maxAgeSeconds → Access-Control-Max-Age: how long the browser may reuse this answer.",
    );
    expectHeader(ex, "access-control-allow-credentials", "true");
    expectVaryOrigin(ex);
    if (ex.response.body.length > 0) fail("the preflight's answer has a body", ex, "204 and no content");
  });

  test("answers a preflight for a path no route has: it asks about a request, it does not make one", async () => {
    const ex = await exchange(server(), "OPTIONS", "/api/not-a-route", {
      headers: [
        ["Origin", ORIGIN],
        ["Access-Control-Request-Method", "GET"],
      ],
    });
    expectStatus(ex, 204, "Answer the preflight before next(): the router never sees it.");
    expectHeader(ex, "access-control-allow-origin", ORIGIN);
  });

  test("refuses a preflight for an origin, a method or a header outside the policy: 403 and no grant", async () => {
    const cases: [string, [string, string][]][] = [
      [
        "a refused origin",
        [
          ["Origin", "https://evil.example"],
          ["Access-Control-Request-Method", "GET"],
        ],
      ],
      [
        "a method the policy does not list",
        [
          ["Origin", ORIGIN],
          ["Access-Control-Request-Method", "PATCH"],
        ],
      ],
      [
        "a header the policy does not list",
        [
          ["Origin", ORIGIN],
          ["Access-Control-Request-Method", "PUT"],
          ["Access-Control-Request-Headers", "content-type, x-secret"],
        ],
      ],
    ];
    for (const [why, headers] of cases) {
      const ex = await exchange(server(), "OPTIONS", "/api/items/7", { headers });
      expectStatus(ex, 403, `A preflight with ${why} is refused. ${PREFLIGHT_HINT}`);
      expectNoGrant(ex, `A preflight with ${why}`);
    }
  });

  test("an OPTIONS without Access-Control-Request-Method is no preflight: it reaches the app", async () => {
    const ex = await exchange(server(), "OPTIONS", "/api/items", { headers: [["Origin", ORIGIN]] });
    expectStatus(ex, 204);
    expectHeader(
      ex,
      "allow",
      /GET/,
      "Only OPTIONS with Access-Control-Request-Method is a preflight; any other OPTIONS goes to next(), where the router answers it with Allow.",
    );
    expectHeader(ex, "access-control-allow-origin", ORIGIN);
  });

  test('grants any origin with "*" when the policy is open and has no credentials, and then nothing varies', async () => {
    const ex = await exchange(server(), "GET", "/public/info", { headers: [["Origin", "https://anyone.example"]] });
    expectStatus(ex, 200);
    expectBody(ex, '{"open":true}');
    expectHeader(ex, "access-control-allow-origin", "*", 'origins: "*" without credentials answers the literal "*".');
    expectNoHeader(ex, "access-control-allow-credentials");
    if (listOf(ex, "vary").includes("origin"))
      fail(
        "an answer that is the same for every origin says Vary: Origin",
        ex,
        "no Vary: Origin: it would split caches for nothing",
      );
    const preflight = await exchange(server(), "OPTIONS", "/public/info", {
      headers: [
        ["Origin", "https://anyone.example"],
        ["Access-Control-Request-Method", "GET"],
      ],
    });
    expectStatus(preflight, 204);
    expectHeader(preflight, "access-control-allow-origin", "*");
  });

  test('never answers "*" with credentials: an open credentialed policy names each origin back (Fetch §3.2.5)', async () => {
    const origin = "https://partner.example";
    const ex = await exchange(server(), "GET", "/shared/profile", { headers: [["Origin", origin]] });
    expectHeader(
      ex,
      "access-control-allow-origin",
      origin,
      'With credentials the browser refuses "*": name the origin back, and say Vary: Origin.',
    );
    expectHeader(ex, "access-control-allow-credentials", "true");
    expectVaryOrigin(ex);
  });
});
