// Stage 06.1: routes registered with app.get/post/… answer through chapter 05's router, and a
// handler's return value becomes the response: Response as is, string → text, bytes →
// octet-stream, undefined → an empty 200, anything else → JSON. Routing misses are JSON errors.
import { test } from "vitest";
import { header } from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { CHECK_APP, exchange, expectHeader, expectJson, expectStatus, fail } from "./exchange.ts";

const VALUES_HINT =
  "toResponse(): Response as is; string → text/plain; charset=utf-8; Uint8Array → application/octet-stream; undefined → an empty 200; anything else → Response.json(value).";

/** Handlers that return plain values, and the JSON each must become. */
const JSON_CASES: { target: string; body: unknown; what: string }[] = [
  { target: "/users/42", body: { id: 42 }, what: "a {id:int} parameter, converted to a number by the router" },
  {
    target: "/values/object",
    body: { name: "microfast", tags: ["fast", "small"], nested: { ok: true, count: 3 } },
    what: "an object",
  },
  { target: "/values/array", body: [1, "two", null, false], what: "an array" },
  { target: "/values/number", body: 42, what: "a number" },
  { target: "/values/null", body: null, what: "null" },
  { target: "/values/unicode", body: { text: "café ☕ 𝄞" }, what: "non-ASCII text, sent as UTF-8" },
];

stage("06.1", () => {
  const server = useSharedLabServer(CHECK_APP);

  test('app.get("/", () => "Hello, World!") answers 200 text/plain', async () => {
    const ex = await exchange(server(), "GET", "/");
    expectStatus(
      ex,
      200,
      "dispatch() (app.ts) matches the route and returns toResponse(await handler(request, params)); it needs Request.path, toResponse and, for errors, ErrorHandlers.answer.",
    );
    expectHeader(ex, "content-type", /^text\/plain; ?charset=utf-8$/i, VALUES_HINT);
    if (ex.response.body.toString("utf8") !== "Hello, World!")
      fail("the body differs from what the handler returned", ex, 'the body "Hello, World!"', VALUES_HINT);
  });

  test.each(JSON_CASES)("a handler returning $what answers it as JSON ($target)", async ({ target, body }) => {
    const ex = await exchange(server(), "GET", target);
    expectJson(ex, 200, body, VALUES_HINT);
    const length = header(ex.response, "content-length");
    if (length !== String(ex.response.body.length))
      fail("Content-Length does not count the body's UTF-8 bytes", ex, `Content-Length: ${ex.response.body.length}`);
  });

  test("bytes become an application/octet-stream body, byte for byte", async () => {
    const ex = await exchange(server(), "GET", "/values/bytes");
    expectStatus(ex, 200, VALUES_HINT);
    expectHeader(ex, "content-type", "application/octet-stream", VALUES_HINT);
    if (!ex.response.body.equals(Buffer.from([0, 1, 2, 0xfe, 0xff])))
      fail("the body is not the handler's bytes", ex, "the 5 bytes 00 01 02 fe ff", VALUES_HINT);
  });

  test("undefined becomes a 200 with an empty body", async () => {
    const ex = await exchange(server(), "GET", "/values/nothing");
    expectStatus(ex, 200, VALUES_HINT);
    if (ex.response.body.length !== 0) fail("the body is not empty", ex, "Content-Length: 0 and no body", VALUES_HINT);
  });

  test("a Response is sent as it is: status, fields and body", async () => {
    const ex = await exchange(server(), "POST", "/values/created");
    expectJson(
      ex,
      201,
      { created: true },
      "A handler that returns a Response chose everything itself: do not wrap it.",
    );
    expectHeader(ex, "location", "/values/object");
  });

  test("an unknown path is 404 with a JSON detail", async () => {
    const ex = await exchange(server(), "GET", "/no/such/thing");
    expectJson(
      ex,
      404,
      { detail: "Not Found" },
      'router.match() says "not-found": throw new HttpError(404, "Not Found"); errors are JSON {"detail": …}.',
    );
  });

  test("a {id:int} route does not match a non-integer segment: 404", async () => {
    const ex = await exchange(server(), "GET", "/users/abc");
    expectJson(
      ex,
      404,
      { detail: "Not Found" },
      "The router's int converter decides the match; the app does not call the handler.",
    );
  });

  test("a known path with another method is 405 with Allow and a JSON detail", async () => {
    const ex = await exchange(server(), "PUT", "/values/object");
    expectJson(
      ex,
      405,
      { detail: "Method Not Allowed" },
      '"method-not-allowed": throw new HttpError(405, "Method Not Allowed", [["Allow", allow]]).',
    );
    expectHeader(
      ex,
      "allow",
      /^(?=.*\bGET\b)(?=.*\bDELETE\b)(?=.*\bHEAD\b)(?=.*\bOPTIONS\b)(?!.*\bPUT\b)/,
      "Allow lists the methods the route has, as the router reports them (RFC 9110 §15.5.6).",
    );
  });

  test("HEAD is answered by the GET route, without a body", async () => {
    const ex = await exchange(server(), "HEAD", "/values/object");
    expectStatus(
      ex,
      200,
      "When no HEAD route matches, match GET instead (RFC 9110 §9.3.2); the connection leaves the body out.",
    );
    expectHeader(ex, "content-type", /^application\/json/i);
  });

  test("OPTIONS is answered with Allow and no content", async () => {
    const ex = await exchange(server(), "OPTIONS", "/values/object");
    expectStatus(
      ex,
      204,
      "For OPTIONS, method-not-allowed means: answer 204 with Allow and no content (RFC 9110 §9.3.7), as in chapter 05.",
    );
    expectHeader(ex, "allow", /^(?=.*\bGET\b)(?=.*\bDELETE\b)/);
    if (ex.response.body.length !== 0) fail("the OPTIONS response has content", ex, "an empty body");
  });

  test("a method nobody implements is 501, as in chapter 05", async () => {
    const ex = await exchange(server(), "BREW", "/values/object");
    expectJson(
      ex,
      501,
      { detail: "the method BREW is not implemented" },
      "A method outside KNOWN_METHODS that no route uses: HttpError(501) (RFC 9110 §15.6.2).",
    );
  });
});
