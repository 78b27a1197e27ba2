// Stage 04.1: bodies framed by Content-Length (RFC 9112 §6.2), read whole and handed to the
// handler; the next request starts right after the body. POST /echo answers with the body.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  expectHeader,
  expectStatus,
  readResponse,
  saysClose,
  sendRequest,
  showResponse,
} from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { post } from "./body-cases.ts";
import { ENTRY, exchange, expectBody, HELLO, sleep } from "./exchange.ts";

const READ =
  "Content-Length says how many bytes follow the head (RFC 9112 §6.2): read exactly that many, give them to the handler as request.body, and parse the next request from the byte after.";

stage("04.1", () => {
  const server = useSharedLabServer(ENTRY);

  test("echoes a Content-Length body, with its Content-Type", async () => {
    const raw = post(["Content-Type: text/x-check", "Content-Length: 20"], "twenty bytes of body");
    const { client, response } = await exchange(server(), raw);
    expectBody(response, "twenty bytes of body", escapeBytes(raw), READ);
    expectHeader(response, "Content-Type", "text/x-check", {
      sent: escapeBytes(raw),
      hint: "POST /echo answers with the request's Content-Type (the built-in app does this once request.body arrives).",
    });
    expectHeader(response, "Content-Length", "20", { sent: escapeBytes(raw) });
    client.close();
  });

  test("echoes every byte value, 64 KiB of them", async () => {
    const body = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) % 256)).toString("latin1");
    const raw = post([`Content-Length: ${body.length}`], body);
    const { client, response } = await exchange(server(), raw);
    expectBody(
      response,
      body,
      escapeBytes(raw),
      `${READ} The body is bytes, not text: keep Buffers and never decode it.`,
    );
    client.close();
  });

  test("waits for a body that arrives in three pieces, 100 ms apart", async () => {
    const raw = post(["Content-Length: 11"], "hello world");
    const client = await TcpClient.open(server());
    const cut = raw.length - 11;
    await sendRequest(client, raw.slice(0, cut));
    await sleep(100);
    await sendRequest(client, raw.slice(cut, cut + 5));
    await sleep(100);
    await sendRequest(client, raw.slice(cut + 5));
    const sent = `${escapeBytes(raw.slice(0, cut))}, then "hello", then " world", 100 ms apart`;
    const response = await readResponse(client, { sent, server: server() });
    expectBody(
      response,
      "hello world",
      sent,
      "Answer only once the whole body is in: keep reading until Content-Length bytes have arrived.",
    );
    client.close();
  });

  test("reads the next request from the byte right after the body, on the same connection", async () => {
    const raw = post(["Content-Length: 3"], "abc") + "GET /after HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const { client, response } = await exchange(server(), raw);
    expectBody(response, "abc", escapeBytes(raw), READ);
    if (saysClose(response)) {
      throw new CheckFailure("a request with a body closed the connection", {
        sent: escapeBytes(raw),
        expected:
          "no Connection: close: now that bodies are read, a request with one can be followed by the next (RFC 9112 §9.3)",
        received: showResponse(response),
        hint: "Chapter 03 closed after a request with a body; now the connection persists as for any other request.",
      });
    }
    const next = await readResponse(client, { sent: escapeBytes(raw), server: server() });
    expectBody(next, HELLO, escapeBytes(raw), READ);
    client.close();
  });

  test("reads and ignores the body of a GET, which does not become a request", async () => {
    const smuggled = "BREW /never HTTP/1.1\r\nHost: x\r\n\r\n";
    const raw =
      post([`Content-Length: ${smuggled.length}`], smuggled, { method: "GET", target: "/" }) +
      "GET /next HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const { client, response } = await exchange(server(), raw);
    const hint =
      "Framing does not depend on the method: a GET with Content-Length has a body too (RFC 9112 §6.3), and those bytes are never a request.";
    expectBody(response, HELLO, escapeBytes(raw), hint);
    expectBody(await readResponse(client, { sent: escapeBytes(raw), server: server() }), HELLO, escapeBytes(raw), hint);
    client.close();
  });

  test("still answers POST to other paths with 405 and Allow, and keeps the connection", async () => {
    const raw =
      post(["Content-Length: 4"], "data", { target: "/upload" }) + "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const { client, response } = await exchange(server(), raw);
    expectStatus(response, 405, { sent: escapeBytes(raw) });
    expectHeader(response, "Allow", /^GET, ?HEAD$/, { sent: escapeBytes(raw) });
    expectBody(
      await readResponse(client, { sent: escapeBytes(raw), server: server() }),
      HELLO,
      escapeBytes(raw),
      "After a 405 the body was read: the next request follows it.",
    );
    client.close();
  });

  test("answers 500 when the handler throws, and keeps the connection", async () => {
    const raw = post(["Content-Length: 2"], "hi", { target: "/fail" }) + "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const { client, response } = await exchange(server(), raw);
    const hint =
      "Call the handler inside try/catch (it may also return a rejected Promise): a failure becomes 500 Internal Server Error, and since the body was read whole, the connection carries on.";
    expectStatus(response, 500, { sent: escapeBytes(raw), hint });
    expectBody(await readResponse(client, { sent: escapeBytes(raw), server: server() }), HELLO, escapeBytes(raw), hint);
    client.close();
  });
});
