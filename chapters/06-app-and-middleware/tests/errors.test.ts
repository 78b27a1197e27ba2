// Stage 06.4: every error becomes a JSON response. HttpError carries its status, detail and
// fields; a handler registered with onError answers its class; anything else is a bug, 500
// with a fixed detail — the message and the stack stay in the server's log (CWE-209).
import { test } from "vitest";
import { escapeBytes } from "../../../shared/check/failure.ts";
import { readResponse, sendRequest } from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import {
  buildRequest,
  CHECK_APP,
  exchange,
  expectHeader,
  expectJson,
  expectStatus,
  fail,
  jsonBody,
} from "./exchange.ts";

const LEAK_HINT =
  'internalError(): log the error with console.error on the server, and send only {"detail":"Internal Server Error"}.';
/** Pieces of the thrown errors that must never reach the client. */
const SECRETS = ["hunter2", "postgres", "secretToken", "TypeError", "    at ", ".ts:"];

stage("06.4", () => {
  const server = useSharedLabServer(CHECK_APP);

  test.each([
    ["/errors/crash", "a synchronous throw"],
    ["/errors/reject", "a rejected promise"],
  ])('%s (%s) is 500 {"detail":"Internal Server Error"} and leaks nothing', async (target) => {
    const ex = await exchange(server(), "GET", target);
    const body = ex.response.body.toString("utf8");
    const leaked = SECRETS.filter((secret) => body.includes(secret) || ex.response.head.includes(secret));
    if (leaked.length > 0)
      fail(
        `the response leaks the error: ${leaked.map((s) => JSON.stringify(s)).join(", ")}`,
        ex,
        "a 500 that says nothing about the cause",
        LEAK_HINT,
      );
    expectJson(ex, 500, { detail: "Internal Server Error" }, LEAK_HINT);
  });

  test("the connection survives a 500: the next request on it is answered", async () => {
    const client = await TcpClient.open(server());
    try {
      for (const target of ["/errors/crash", "/values/number"]) {
        const raw = buildRequest("GET", target);
        await sendRequest(client, raw);
        const response = await readResponse(client, { sent: escapeBytes(raw), server: server() });
        const expected = target === "/values/number" ? 200 : 500;
        if (response.status !== expected)
          fail(
            `expected ${expected} on a connection that just had a 500`,
            { sent: escapeBytes(raw), response },
            `a ${expected} response`,
            "Turn the error into a Response: a handler's exception must not end the connection.",
          );
      }
    } finally {
      client.close();
    }
  });

  test.each([400, 403, 404, 409, 418, 429, 503])(
    'HttpError(%i) answers that status with {"detail": message}',
    async (status) => {
      const ex = await exchange(server(), "GET", `/errors/status/${status}`);
      expectJson(
        ex,
        status,
        { detail: `failed with ${status} on purpose` },
        "httpErrorResponse(): Response.json({ detail: error.detail }, { status: error.status, headers: error.headers }).",
      );
    },
  );

  test("HttpError's fields are sent: 401 with WWW-Authenticate", async () => {
    const ex = await exchange(server(), "GET", "/errors/unauthorized");
    expectJson(ex, 401, { detail: "a bearer token is required" });
    expectHeader(
      ex,
      "www-authenticate",
      'Bearer realm="checks"',
      "A 401 MUST carry WWW-Authenticate (RFC 9110 §15.5.2): send the error's headers.",
    );
  });

  test("HttpError's detail may be structured JSON", async () => {
    const ex = await exchange(server(), "GET", "/errors/structured");
    expectJson(
      ex,
      409,
      { detail: { code: "duplicate", field: "email" } },
      'detail is any JSON value; put it under "detail" as it is.',
    );
  });

  test("a handler registered with app.onError(OutOfStock, …) answers that class", async () => {
    const ex = await exchange(server(), "GET", "/errors/custom");
    expectJson(
      ex,
      409,
      { detail: "no widgets left", retry: false },
      "ErrorHandlers.answer(): find the first registered class the error is an instanceof, and return its handler's response.",
    );
  });

  // Last: on a starter, serverErrorResponse's stub throws inside the connection and stops the server.
  test.each([
    [
      413,
      "a body the server will not read (1 TiB announced)",
      "POST /parse/text HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1099511627776\r\n\r\n",
    ],
    [400, "a head the parser rejects (a space before the colon)", "GET / HTTP/1.1\r\nHost : localhost\r\n\r\n"],
  ])("the server's own %i is JSON too: %s", async (status, _what, raw) => {
    const client = await TcpClient.open(server());
    try {
      await sendRequest(client, raw);
      const ex = {
        sent: escapeBytes(raw),
        response: await readResponse(client, { sent: escapeBytes(raw), server: server() }),
        server: server(),
      };
      const hint =
        'app.run() passes serverErrorResponse to the server as its errorResponse option: { status, Content-Type: application/json, body {"detail": reason} }.';
      expectStatus(ex, status, hint);
      const body = jsonBody(ex, hint);
      const detail = typeof body === "object" && body !== null ? (body as { detail?: unknown }).detail : undefined;
      if (typeof detail !== "string" || detail === "")
        fail("the error's JSON has no detail", ex, '{"detail": "<why the server refused>"}', hint);
    } finally {
      client.close();
    }
  });
});
