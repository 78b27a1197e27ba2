// Stages 03.1 to 03.4: when a connection persists, how pipelined requests are answered, and
// when the connection closes (RFC 9112 §9.3). The four stages share one server process.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  expectHeader,
  type ReceivedResponse,
  readResponse,
  saysClose,
  sendRequest,
  showResponse,
} from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, randomSplits, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import {
  ENTRY,
  expectClosing,
  expectedStatus,
  expectKeptOpen,
  expectResponse,
  get,
  HELLO,
  request,
  roundTrip,
  sleep,
} from "./exchange.ts";

const PERSIST =
  "HTTP/1.1 connections persist by default (RFC 9112 §9.3): answer without Connection: close and keep reading the socket for the next request.";

stage("03.1", () => {
  const server = useSharedLabServer(ENTRY);

  test("answers three requests on one connection, one after the other (RFC 9112 §9.3)", async () => {
    const client = await TcpClient.open(server());
    for (const target of ["/one", "/two", "/three"]) {
      const raw = get(target);
      const response = await roundTrip(client, server(), raw, 200, PERSIST);
      if (response.body.toString("latin1") !== HELLO) {
        throw new CheckFailure("a response on a kept connection has the wrong body", {
          sent: escapeBytes(raw),
          expected: JSON.stringify(HELLO),
          received: showResponse(response),
        });
      }
      await expectKeptOpen(client, response, raw, PERSIST);
    }
    client.close();
  });

  test("keeps the connection open while the client pauses between requests", async () => {
    const client = await TcpClient.open(server());
    const first = await roundTrip(client, server(), get("/before-pause"), 200, PERSIST);
    await expectKeptOpen(client, first, get("/before-pause"), PERSIST);
    await sleep(250);
    await roundTrip(
      client,
      server(),
      get("/after-pause"),
      200,
      "Only the idle timeout (5 s by default) may close a quiet connection.",
    );
    client.close();
  });

  test("frames a HEAD response without a body, so the next response on the connection is read right", async () => {
    const client = await TcpClient.open(server());
    const head = request("HEAD", "/");
    const response = await roundTrip(client, server(), head, 200, PERSIST);
    await expectKeptOpen(client, response, head, PERSIST);
    const next = await roundTrip(
      client,
      server(),
      get("/after-head"),
      200,
      "A HEAD response ends at its empty line: no body bytes, whatever Content-Length says.",
    );
    if (next.body.toString("latin1") !== HELLO) {
      throw new CheckFailure("the response after a HEAD response is garbled", {
        sent: escapeBytes(head + get("/after-head")),
        expected: JSON.stringify(HELLO),
        received: showResponse(next),
      });
    }
    client.close();
  });

  test("keeps the connection after 405 and 501: they answer a request, the stream is fine", async () => {
    const client = await TcpClient.open(server());
    for (const [method, status] of [
      ["DELETE", 405],
      ["BREW", 501],
    ] as const) {
      const raw = request(method, "/thing");
      const response = await roundTrip(client, server(), raw, status);
      await expectKeptOpen(
        client,
        response,
        raw,
        "Only a parse error poisons the stream. A 405 or 501 answers a well-formed request; the next one can follow.",
      );
    }
    await roundTrip(client, server(), get("/still-here"), 200);
    client.close();
  });

  test("still closes after a parse error on a persistent connection", async () => {
    const client = await TcpClient.open(server());
    await roundTrip(client, server(), get("/fine"), 200);
    const bad = "GET / HTTP/1.1\r\nHost : localhost\r\n\r\n";
    const response = await roundTrip(client, server(), bad, 400);
    await expectClosing(
      client,
      response,
      bad,
      "After a parse error, answer with Connection: close and close: the rest of the stream cannot be trusted.",
    );
  });
});

// Pipelining: a client may send several requests without waiting; the server answers them in
// the order they came (RFC 9112 §9.3.2), however the bytes are cut.
/** Methods whose answers differ (200 with body, 200 without, 405, 501): order mistakes show. */
const METHODS = ["GET", "HEAD", "POST", "BREW"] as const;
const LATE_READER_REQUESTS = 500;

function pipeline(count: number): { raw: string; methods: string[] } {
  const methods = Array.from({ length: count }, (_, i) => METHODS[i % METHODS.length]!);
  return { raw: methods.map((m, i) => request(m, `/req/${i}`)).join(""), methods };
}

/** Reads one response per method, in order, and checks each against what that method gets. */
async function expectInOrder(
  client: TcpClient,
  server: LabServer,
  raw: string,
  methods: string[],
  how: string,
): Promise<void> {
  const sent = `${methods.length} pipelined requests ${how}: ${escapeBytes(raw, 120)}`;
  for (let i = 0; i < methods.length; i++) {
    const method = methods[i]!;
    let response: ReceivedResponse;
    try {
      response = await readResponse(client, { sent, head: method === "HEAD", server });
    } catch (error) {
      if (!(error instanceof CheckFailure) || error.kind === "exited") throw error;
      throw new CheckFailure(`response ${i + 1} of ${methods.length} never came: ${error.message}`, {
        kind: error.kind,
        sent,
        expected: `${methods.length} responses, in order`,
        received: `${i} responses, then ${error.received}`,
        hint: "Answer every request in a chunk, not only the first, and keep the connection open between them.",
      });
    }
    const bodyOk = method !== "GET" || response.body.toString("latin1") === HELLO;
    if (response.status !== expectedStatus(method) || !bodyOk) {
      throw new CheckFailure(`response ${i + 1} of ${methods.length} does not answer request ${i + 1} (${method})`, {
        sent: `${methods.length} pipelined requests ${how}: ${methods.join(", ")}`,
        expected: `response ${i + 1}: ${expectedStatus(method)}${method === "GET" ? " with Hello, World!" : method === "HEAD" ? " without a body" : ""}`,
        received: showResponse(response),
        hint: "Answer every request in a chunk, in order, before reading the next chunk; never skip one and never answer out of order.",
      });
    }
  }
}

stage("03.2", () => {
  const server = useSharedLabServer(ENTRY);

  test("answers 12 requests sent in one packet, in order (RFC 9112 §9.3.2)", async () => {
    const client = await TcpClient.open(server());
    const { raw, methods } = pipeline(12);
    await sendRequest(client, raw);
    await expectInOrder(client, server(), raw, methods, "in one packet");
    client.close();
  });

  test("answers 40 pipelined requests cut at random points, in order", async () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    const client = await TcpClient.open(server());
    client.socket.setNoDelay(true);
    const { raw, methods } = pipeline(40);
    for (const piece of randomSplits(raw, random, 90)) {
      await sendRequest(client, piece);
      if (random() < 0.3) await sleep(1);
    }
    await expectInOrder(client, server(), raw, methods, `cut at random points (${reproduceLine(seed, "03", "03.2")})`);
    client.close();
  });

  test("answers pipelined requests that arrive one byte per packet", async () => {
    const client = await TcpClient.open(server());
    client.socket.setNoDelay(true);
    const { raw, methods } = pipeline(3);
    await client.sendInPieces(raw, 1, 1);
    await expectInOrder(client, server(), raw, methods, "one byte per packet");
    client.close();
  });

  test("answers the requests before a malformed one, then 400, then closes", async () => {
    const client = await TcpClient.open(server());
    const bad = "GET /bad HTTP/1.1\r\nHost: localhost\r\nX-Nul: a\x00b\r\n\r\n";
    const raw = get("/1") + get("/2") + bad + get("/never");
    await sendRequest(client, raw);
    await expectResponse(client, server(), raw, 200, "Requests before the bad one are well-formed: answer them first.");
    await expectResponse(client, server(), raw, 200, "Requests before the bad one are well-formed: answer them first.");
    const error = await expectResponse(client, server(), raw, 400);
    await expectClosing(
      client,
      error,
      raw,
      "The parse error ends the connection: answer 400 with Connection: close, then stop.",
    );
  });

  test(`answers ${LATE_READER_REQUESTS} pipelined requests in order to a client that reads late`, async () => {
    const client = await TcpClient.open(server());
    const { raw, methods } = pipeline(LATE_READER_REQUESTS);
    await sendRequest(client, raw);
    await sleep(200);
    await expectInOrder(client, server(), raw, methods, "sent at once, read after 200 ms");
    client.close();
  });
});

stage("03.3", () => {
  const server = useSharedLabServer(ENTRY);
  const CLOSE = "Answer a request with Connection: close, say Connection: close, end() the socket, and stop parsing.";

  test("answers Connection: close, says so, and closes (RFC 9112 §9.6)", async () => {
    const client = await TcpClient.open(server());
    await roundTrip(client, server(), get("/first"), 200);
    const raw = get("/last", "Connection: close");
    const response = await roundTrip(client, server(), raw, 200);
    await expectClosing(client, response, raw, CLOSE);
  });

  test("never answers the requests pipelined after Connection: close", async () => {
    const client = await TcpClient.open(server());
    const raw = get("/a") + get("/b", "Connection: close") + get("/c") + get("/d");
    await sendRequest(client, raw);
    const first = await expectResponse(
      client,
      server(),
      raw,
      200,
      "Answer every pipelined request up to the one that says Connection: close.",
    );
    if (saysClose(first)) {
      throw new CheckFailure("the first of several pipelined requests was answered with Connection: close", {
        sent: escapeBytes(raw),
        expected: "responses to /a (kept open) and /b (Connection: close), then the close",
        received: showResponse(first),
        hint: "Only the request that says Connection: close ends the connection; the one before it keeps it.",
      });
    }
    const second = await expectResponse(
      client,
      server(),
      raw,
      200,
      "Answer every pipelined request up to the one that says Connection: close.",
    );
    await expectClosing(
      client,
      second,
      raw,
      "Stop at the request that says Connection: close: the requests after it are never answered.",
    );
  });

  test("does not parse what follows Connection: close: no 400 for garbage after it", async () => {
    const client = await TcpClient.open(server());
    const raw = get("/bye", "Connection: close") + "\x00\x01 not HTTP at all\r\n\r\n";
    await sendRequest(client, raw);
    const response = await expectResponse(client, server(), raw, 200);
    await expectClosing(
      client,
      response,
      raw,
      "Nothing after the last request is parsed: the close ends the conversation, so the garbage gets no 400.",
    );
  });

  test("reads the close option case-insensitively and inside a list (RFC 9110 §7.6.1)", async () => {
    const client = await TcpClient.open(server());
    const raw = get("/", "Connection: Keep-Alive, CLOSE");
    const response = await roundTrip(client, server(), raw, 200);
    await expectClosing(
      client,
      response,
      raw,
      "Connection is a comma-separated list of case-insensitive options: split, trim, lower-case.",
    );
  });

  test("reads close from any Connection field line (RFC 9110 §5.3)", async () => {
    const client = await TcpClient.open(server());
    const raw = get("/", "Connection: keep-alive", "Connection: close");
    const response = await roundTrip(client, server(), raw, 200);
    await expectClosing(
      client,
      response,
      raw,
      "A field that appears on several lines is one list: read every Connection line.",
    );
  });

  test("never reads a request body it cannot parse yet as the next request", async () => {
    const client = await TcpClient.open(server());
    const smuggled = "BREW /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    const raw = request("POST", "/upload", { fields: [`Content-Length: ${smuggled.length}`] }) + smuggled;
    await sendRequest(client, raw);
    await expectResponse(client, server(), raw, 405);
    // Either the server closes (it cannot read bodies yet), or it skipped the body: the next GET gets 200.
    await sleep(100);
    const probe = get("/after-body");
    await sendRequest(client, probe);
    await sleep(100);
    if (client.isClosed() && client.pending().length === 0) return;
    const next = await readResponse(client, { sent: escapeBytes(raw + probe), server: server() });
    if (next.status !== 200) {
      throw new CheckFailure("the server answered the bytes of a request body as if they were a request", {
        sent: escapeBytes(raw + probe),
        expected: "the 405, then either the close or a 200 for the GET",
        received: showResponse(next),
        hint: "A request with Content-Length or Transfer-Encoding has a body. Until you can read bodies (chapter 04), answer it with Connection: close and close.",
      });
    }
    client.close();
  });
});

stage("03.4", () => {
  const server = useSharedLabServer(ENTRY);

  test("closes after an HTTP/1.0 request that does not ask for keep-alive (RFC 9112 §9.3)", async () => {
    const client = await TcpClient.open(server());
    const raw = request("GET", "/", { version: "1.0" });
    const response = await roundTrip(client, server(), raw, 200);
    await expectClosing(client, response, raw, "HTTP/1.0 closes by default: answer with Connection: close and close.");
  });

  test("keeps an HTTP/1.0 connection that asks for keep-alive, and confirms it (RFC 9112 Appendix C.2.2)", async () => {
    const client = await TcpClient.open(server());
    const hint =
      "An HTTP/1.0 request with Connection: keep-alive persists, and its response must say Connection: keep-alive, or the client closes.";
    for (const target of ["/one", "/two"]) {
      const raw = request("GET", target, { version: "1.0", fields: ["Connection: keep-alive"] });
      const response = await roundTrip(client, server(), raw, 200, hint);
      expectHeader(response, "Connection", /^keep-alive$/i, { sent: escapeBytes(raw), hint });
      await expectKeptOpen(client, response, raw, hint);
    }
    client.close();
  });

  test("closes an HTTP/1.0 connection when a later request stops asking for keep-alive", async () => {
    const client = await TcpClient.open(server());
    await roundTrip(client, server(), request("GET", "/", { version: "1.0", fields: ["Connection: keep-alive"] }), 200);
    const raw = request("GET", "/", { version: "1.0" });
    const response = await roundTrip(client, server(), raw, 200);
    await expectClosing(client, response, raw, "Decide per request: this HTTP/1.0 request did not ask for keep-alive.");
  });

  test("treats HTTP/1.2 like HTTP/1.1: persistent by default (RFC 9110 §2.5)", async () => {
    const client = await TcpClient.open(server());
    const raw = request("GET", "/", { version: "1.2" });
    const response = await roundTrip(client, server(), raw, 200);
    await expectKeptOpen(
      client,
      response,
      raw,
      "Every HTTP/1.x with minor ≥ 1 has HTTP/1.1's rules: persistent unless it says close.",
    );
    client.close();
  });
});
