// Stage 06.2: a handler gets a Request — method, raw target, decoded path, router params,
// headers by any capitalisation, body as text — and a Response it builds is sent as built:
// status, repeated fields, cookies.
import { test } from "vitest";
import { headerValues } from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { CHECK_APP, exchange, expectHeader, expectJson, expectStatus, fail, jsonBody } from "./exchange.ts";

const PATH_HINT =
  'request.path is the target\'s path, before the "?", percent-decoded (RFC 3986 §2.1); request.target stays as received.';

stage("06.2", () => {
  const server = useSharedLabServer(CHECK_APP);

  test("request.method, target, decoded path, params and header()", async () => {
    const ex = await exchange(server(), "GET", "/inspect/caf%C3%A9/a%20b?x=1&y=%20", {
      headers: [["X-Check", "from the check"]],
    });
    expectJson(
      ex,
      200,
      {
        method: "GET",
        target: "/inspect/caf%C3%A9/a%20b?x=1&y=%20",
        path: "/inspect/café/a b",
        params: { rest: "café/a b" },
        header: "from the check",
        bodyBytes: 0,
      },
      PATH_HINT,
    );
  });

  test('header() ignores case and joins repeated field lines with ", " (RFC 9110 §5.3)', async () => {
    const ex = await exchange(server(), "GET", "/inspect/h", {
      headers: [
        ["x-CHECK", "one"],
        ["X-Check", "two"],
      ],
    });
    expectStatus(ex, 200);
    const body = jsonBody(ex) as { header?: unknown };
    if (body.header !== "one, two")
      fail(
        'header("x-check") is wrong',
        ex,
        '"header": "one, two"',
        'Names are stored lower-case; compare lower-case and join every matching value with ", ".',
      );
  });

  test("an absolute-form target has the same path", async () => {
    const ex = await exchange(server(), "GET", "http://localhost/inspect/abs?q=1");
    expectStatus(ex, 200);
    const body = jsonBody(ex) as { path?: unknown };
    if (body.path !== "/inspect/abs")
      fail(
        "request.path of an absolute-form target is wrong",
        ex,
        '"path": "/inspect/abs"',
        "Drop scheme and authority before the path (RFC 9112 §3.2.2).",
      );
  });

  test("a malformed %-escape in the path is 400 with a JSON detail", async () => {
    const ex = await exchange(server(), "GET", "/inspect/%zz");
    expectStatus(ex, 400, 'decodeURIComponent throws URIError on "%zz": turn it into HttpError(400, …).');
    const body = jsonBody(ex) as { detail?: unknown };
    if (typeof body.detail !== "string" || body.detail === "")
      fail("the 400 has no detail", ex, '{"detail": "<what is wrong>"}');
  });

  test.each(["POST", "PUT", "PATCH"])(
    "%s: request.text() is the UTF-8 body; Content-Type is readable",
    async (method) => {
      const ex = await exchange(server(), method, "/inspect/doc", {
        headers: [["Content-Type", "text/plain; charset=utf-8"]],
        body: "héllo, wörld ☕",
      });
      expectJson(
        ex,
        200,
        {
          method,
          path: "/inspect/doc",
          params: { rest: "doc" },
          body: "héllo, wörld ☕",
          contentType: "text/plain; charset=utf-8",
        },
        "text() decodes the body bytes as UTF-8.",
      );
    },
  );

  test("request.text() refuses bytes that are not UTF-8: 400", async () => {
    const ex = await exchange(server(), "POST", "/parse/text", {
      headers: [["Content-Type", "text/plain"]],
      body: Buffer.from([0x68, 0xc3, 0x28, 0x69]),
    });
    expectStatus(ex, 400, 'new TextDecoder("utf-8", { fatal: true }) throws on invalid UTF-8: answer 400.');
  });

  test("a Response's status, body and fields go out as built, repeated fields as separate lines", async () => {
    const ex = await exchange(server(), "GET", "/response/custom");
    expectStatus(ex, 418);
    expectHeader(ex, "x-single", "one");
    const multi = headerValues(ex.response, "x-multi");
    if (multi.join("|") !== "a|b")
      fail("append() must add a field line each time", ex, "two field lines X-Multi: a and X-Multi: b, in that order");
    if (ex.response.body.toString() !== "I'm a teapot\n") fail("the body differs", ex, '"I\'m a teapot\\n"');
  });

  test("Response.text() sets text/plain and keeps the chosen status", async () => {
    const ex = await exchange(server(), "GET", "/response/text");
    expectStatus(ex, 202);
    expectHeader(ex, "content-type", /^text\/plain; ?charset=utf-8$/i);
  });

  test("setCookie() adds one Set-Cookie line per cookie, with its attributes (RFC 6265 §4.1)", async () => {
    const ex = await exchange(server(), "GET", "/response/cookie");
    expectStatus(ex, 200);
    const cookies = headerValues(ex.response, "set-cookie");
    const [session, theme] = cookies;
    const attributes = new Set(
      session
        ?.split(";")
        .slice(1)
        .map((a) => a.trim().toLowerCase()),
    );
    const wanted = ["max-age=3600", "path=/", "httponly", "samesite=lax"];
    const ok =
      cookies.length === 2 &&
      session?.startsWith("session=abc123;") &&
      wanted.every((a) => attributes.has(a)) &&
      attributes.size === wanted.length &&
      theme === "theme=dark";
    if (!ok)
      fail(
        "the Set-Cookie fields are wrong",
        ex,
        "Set-Cookie: session=abc123; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax (attributes in any order) and Set-Cookie: theme=dark",
        'serializeCookie(): name=value, then "; Attribute" for each option set.',
      );
  });
});
