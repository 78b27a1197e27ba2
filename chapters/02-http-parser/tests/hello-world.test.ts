// Stage 02.4: the parser behind a real socket. Hello world over HTTP/1.1: status line, fields,
// Content-Length, HEAD without a body, and the accepted rows of the request table.
import { serializeResponse } from "@lab/src/http/response-writer.ts";
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  expectHeader,
  expectStatus,
  readResponse,
  sendRequest,
  showResponse,
} from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { head, isAccepted, methodOf, REQUEST_CASES } from "./request-cases.ts";

const ENTRY = checkApp("http-server");
const HELLO = "Hello, World!";
/** IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT". */
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;
const CONCURRENT_CLIENTS = 50;

stage("02.4", () => {
  const server = useSharedLabServer(ENTRY);

  async function exchange(request: string) {
    const client = await TcpClient.open(server());
    await sendRequest(client, request);
    const response = await readResponse(client, {
      sent: escapeBytes(request),
      head: methodOf(request) === "HEAD",
      server: server(),
    });
    return { client, response };
  }

  test("answers GET / with 200, text/plain and Hello, World!", async () => {
    const request = head("GET / HTTP/1.1", "Host: localhost");
    const { client, response } = await exchange(request);
    const context = {
      sent: escapeBytes(request),
      hint: "Write the status line, the fields, an empty line, then the body: every line ends in \\r\\n.",
    };
    expectStatus(response, 200, context);
    if (response.reason !== "OK") {
      throw new CheckFailure("the status line's reason phrase is not OK", {
        sent: context.sent,
        expected: '"HTTP/1.1 200 OK\\r\\n"',
        received: showResponse(response),
      });
    }
    expectHeader(response, "Content-Type", /^text\/plain(;|$)/, context);
    expectHeader(response, "Content-Length", String(HELLO.length), {
      ...context,
      hint: "Content-Length is the body's size in bytes (RFC 9110 §8.6).",
    });
    if (response.body.toString("latin1") !== HELLO) {
      throw new CheckFailure("the body is not Hello, World!", {
        sent: context.sent,
        expected: JSON.stringify(HELLO),
        received: showResponse(response),
      });
    }
    client.close();
  });

  test("answers GET on any path and query", async () => {
    const request = head("GET /any/where?x=1 HTTP/1.1", "Host: localhost");
    const { client, response } = await exchange(request);
    expectStatus(response, 200, {
      sent: escapeBytes(request),
      hint: "Every GET gets hello world for now, whatever its target.",
    });
    client.close();
  });

  test("answers HEAD with the GET response's fields and no body (RFC 9110 §9.3.2)", async () => {
    const request = head("HEAD / HTTP/1.1", "Host: localhost", "Connection: close");
    const { client, response } = await exchange(request);
    const context = {
      sent: escapeBytes(request),
      hint: "A HEAD response has the same fields as GET, Content-Length included, but no body bytes.",
    };
    expectStatus(response, 200, context);
    expectHeader(response, "Content-Length", String(HELLO.length), context);
    await client.expectClosed("the connection to close right after the HEAD response's empty line, with no body");
  });

  test("sends a Date field in IMF-fixdate format (RFC 9110 §6.6.1)", async () => {
    const request = head("GET / HTTP/1.1", "Host: localhost");
    const { client, response } = await exchange(request);
    expectHeader(response, "Date", IMF_FIXDATE, {
      sent: escapeBytes(request),
      hint: "new Date().toUTCString() gives the IMF-fixdate format HTTP uses.",
    });
    client.close();
  });

  test("answers a request that arrives one byte per packet", async () => {
    const request = head("GET /slowly HTTP/1.1", "Host: localhost", "Accept: */*");
    const client = await TcpClient.open(server());
    client.socket.setNoDelay(true);
    await client.sendInPieces(request, 1, 2);
    const response = await readResponse(client, {
      sent: `${escapeBytes(request)}, one byte per packet`,
      server: server(),
    });
    expectStatus(response, 200, {
      sent: `${escapeBytes(request)}, one byte per packet`,
      hint: "Feed every chunk to one parser per connection; answer when it emits a head.",
    });
    client.close();
  });

  test("says Connection: close and closes after a request that asks for it, ignoring what follows (RFC 9112 §9.6)", async () => {
    const request =
      head("GET /only HTTP/1.1", "Host: localhost", "Connection: close") +
      head("GET /never HTTP/1.1", "Host: localhost");
    const { client, response } = await exchange(request);
    const context = {
      sent: escapeBytes(request),
      hint: "Answer the first request with Connection: close, end() the socket, and parse nothing after it.",
    };
    expectStatus(response, 200, context);
    expectHeader(response, "Connection", /(^|,)\s*close\s*(,|$)/i, context);
    await client.expectClosed("the server to close the connection after the one response");
  });

  for (const row of REQUEST_CASES.filter(isAccepted)) {
    test(`answers ${row.answer} to ${row.what}`, async () => {
      const { client, response } = await exchange(row.raw);
      const context = {
        sent: escapeBytes(row.raw),
        hint:
          row.answer === 200
            ? "GET and HEAD get hello world."
            : row.answer === 405
              ? "A method the server knows but hello world does not serve gets 405 with Allow: GET, HEAD (RFC 9110 §15.5.6)."
              : "A method the server does not know gets 501 Not Implemented (RFC 9110 §9.1).",
      };
      expectStatus(response, row.answer, context);
      if (row.answer === 405) expectHeader(response, "Allow", /^GET, ?HEAD$/, context);
      client.close();
    });
  }

  test(`serves ${CONCURRENT_CLIENTS} clients at once`, async () => {
    const clients = await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, () => TcpClient.open(server())));
    const requests = clients.map((_, i) => head(`GET /client/${i} HTTP/1.1`, "Host: localhost"));
    // Everyone sends half a request first: all of them are in progress together.
    await Promise.all(clients.map((c, i) => sendRequest(c, requests[i]!.slice(0, 20))));
    await Promise.all(clients.map((c, i) => sendRequest(c, requests[i]!.slice(20))));
    await Promise.all(
      clients.map(async (c, i) => {
        const response = await readResponse(c, { sent: escapeBytes(requests[i]!), server: server() });
        expectStatus(response, 200, {
          sent: escapeBytes(requests[i]!),
          hint: "Create one parser per connection, inside the connection handler.",
        });
      }),
    );
    for (const c of clients) c.close();
  });

  test("refuses to write a header value with CR or LF in it (response splitting, RFC 9110 §5.5)", () => {
    const ok = serializeResponse(
      { status: 200, headers: [["X-Ok", "fine"]], body: "hi" },
      { omitBody: false },
    ).toString("latin1");
    if (!ok.startsWith("HTTP/1.1 200 OK\r\n") || !ok.includes("\r\nX-Ok: fine\r\n") || !ok.endsWith("\r\n\r\nhi")) {
      throw new CheckFailure("serializeResponse() wrote a wrong response", {
        sent: 'serializeResponse({ status: 200, headers: [["X-Ok", "fine"]], body: "hi" }, { omitBody: false })',
        expected: '"HTTP/1.1 200 OK\\r\\n…X-Ok: fine\\r\\n…\\r\\n\\r\\nhi"',
        received: escapeBytes(ok),
      });
    }
    let written: string | undefined;
    try {
      written = serializeResponse(
        { status: 200, headers: [["X-Evil", "a\r\nSet-Cookie: admin=1"]], body: "" },
        { omitBody: false },
      ).toString("latin1");
    } catch {
      return;
    }
    throw new CheckFailure("serializeResponse() wrote a header value containing CRLF", {
      sent: 'serializeResponse({ status: 200, headers: [["X-Evil", "a\\r\\nSet-Cookie: admin=1"]], body: "" }, …)',
      expected: "an exception: a CR or LF in a value would let the value's author add fields of their own",
      received: escapeBytes(written),
      hint: "Check every header name (token) and value (no CR, LF or NUL) before writing it; throw if it is invalid.",
    });
  });
});
