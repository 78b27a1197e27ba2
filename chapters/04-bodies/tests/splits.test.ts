// Stage 04.8: bodies however TCP cuts them, pipelined requests with bodies, and requests that
// never finish. The reader is checked in-process on the body table (every cut, one byte per
// push); the rest runs over real connections.
import type { RequestEvent } from "@lab/src/http/request-reader.ts";
import { RequestReader } from "@lab/src/http/request-reader.ts";
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { mutate } from "../../../shared/check/fuzz.ts";
import { readResponse, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, randomSplits, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { BODY_CASES, post } from "./body-cases.ts";
import { ENTRY, HELLO, expectBody, expectRejected, sleep } from "./exchange.ts";

const MAX_BODY_BYTES = 1024 * 1024;
const CHUNKED = "Transfer-Encoding: chunked";
/** Mangled table rows fed to the reader, each whole and cut at random points. */
const FUZZ_INPUTS = 600;
const SPLIT = "Keep every half-read thing between push() calls: the head parser's state, the bytes a Content-Length body still needs, and the chunked decoder's state — a chunk size, its CRLF or a trailer line may be cut anywhere.";

/** Events reduced to what must not change with the cuts: an error's reason is for humans. */
function read(pieces: readonly Buffer[]): string[] {
  const reader = new RequestReader(MAX_BODY_BYTES);
  const events: RequestEvent[] = [];
  for (const piece of pieces) events.push(...reader.push(piece));
  return events.map((event) => {
    switch (event.type) {
      case "head":
        return `head ${event.head.method} ${event.head.target}`;
      case "request":
        return `request body ${escapeBytes(event.request.body)} trailers ${JSON.stringify(event.request.trailers.map((f) => [f.name, f.value]))}`;
      case "error":
        return `error ${event.error.status}`;
      default:
        return event.type;
    }
  });
}

function compare(bytes: Buffer, pieces: Buffer[], how: string): void {
  const whole = read([bytes]);
  const split = read(pieces);
  if (whole.join("\n") === split.join("\n")) return;
  throw new CheckFailure(`the reader's events change when the bytes are cut ${how}`, {
    sent: `${escapeBytes(bytes)}, cut into ${pieces.length} pieces: ${pieces.slice(0, 5).map((p) => escapeBytes(p, 40)).join(" | ")}${pieces.length > 5 ? " | …" : ""}`,
    expected: `the events of the uncut bytes: ${whole.join(", ")}`,
    received: split.join(", ") || "no events",
    hint: SPLIT,
  });
}

/** Three requests with bodies and a GET, back to back: Content-Length, chunked with an extension and a trailer, /slow, GET. */
function mixedPipeline(): { raw: string; bodies: string[] } {
  const raw =
    post(["Content-Length: 3"], "one") +
    post([CHUNKED], "2;x=y\r\ntw\r\n1\r\no\r\n0\r\nX-T: 1\r\n\r\n") +
    post(["Content-Length: 5"], "three", { target: "/slow?ms=50" }) +
    "GET /four HTTP/1.1\r\nHost: localhost\r\n\r\n" +
    post(["Content-Length: 4"], "five");
  return { raw, bodies: ["one", "two", "three", HELLO, "five"] };
}

async function expectInOrder(client: TcpClient, server: LabServer, raw: string, bodies: string[], how: string): Promise<void> {
  const sent = `${bodies.length} pipelined requests ${how}: ${escapeBytes(raw, 200)}`;
  for (let i = 0; i < bodies.length; i++) {
    const response = await readResponse(client, { sent, server });
    expectBody(response, bodies[i]!, sent, `Response ${i + 1} must answer request ${i + 1}. Handle one request at a time: pause the socket while a handler runs (even an asynchronous one), write its response, then go on with the next.`);
  }
}

stage("04.8", () => {
  const server = useSharedLabServer(ENTRY);

  test("gives the same events for a cut at every point of each table row", () => {
    for (const row of BODY_CASES) {
      const bytes = Buffer.from(row.raw, "latin1");
      for (let at = 1; at < bytes.length; at++) compare(bytes, [bytes.subarray(0, at), bytes.subarray(at)], `after byte ${at}`);
    }
  });

  test("gives the same events when every byte of each table row arrives on its own", () => {
    for (const row of BODY_CASES) {
      const bytes = Buffer.from(row.raw, "latin1");
      compare(bytes, Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)), "into single bytes");
    }
  });

  test(`reads ${FUZZ_INPUTS} mangled table rows without throwing, the same however they are cut`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    for (let n = 0; n < FUZZ_INPUTS; n++) {
      const row = BODY_CASES[Math.floor(random() * BODY_CASES.length)]!;
      const bytes = mutate(Buffer.from(row.raw, "latin1"), random);
      const points = [...new Set(Array.from({ length: 1 + Math.floor(random() * 5) }, () => 1 + Math.floor(random() * Math.max(1, bytes.length - 1))))].sort((a, b) => a - b);
      const pieces = [0, ...points].map((start, i) => bytes.subarray(start, points[i] ?? bytes.length)).filter((piece) => piece.length > 0);
      let whole: string[];
      try {
        whole = read([bytes]);
      } catch (error) {
        throw new CheckFailure("the reader threw on mangled input instead of answering with an error event", {
          sent: `${escapeBytes(bytes)} (${reproduceLine(seed, "04", "04.8")})`,
          expected: "events, with an error event for bad input — never an exception",
          received: String(error),
          hint: "Every byte the grammar does not allow becomes an error event with a status; nothing may throw out of push().",
        });
      }
      const errors = whole.filter((event) => event.startsWith("error"));
      if (errors.length > 1 || (errors.length === 1 && !whole.at(-1)!.startsWith("error"))) {
        throw new CheckFailure("the reader went on after an error", { sent: `${escapeBytes(bytes)} (${reproduceLine(seed, "04", "04.8")})`, expected: "at most one error event, and nothing after it", received: whole.join(", "), hint: "After an error the stream cannot be trusted: ignore every later byte." });
      }
      compare(bytes, pieces, `at ${points.join(", ")} (${reproduceLine(seed, "04", "04.8")})`);
    }
  });

  test("answers pipelined requests with bodies in order, an asynchronous handler among them", async () => {
    const client = await TcpClient.open(server());
    const { raw, bodies } = mixedPipeline();
    await sendRequest(client, raw);
    await expectInOrder(client, server(), raw, bodies, "in one packet");
    client.close();
  });

  test("answers the same pipeline sent one byte per packet", async () => {
    const client = await TcpClient.open(server());
    client.socket.setNoDelay(true);
    const { raw, bodies } = mixedPipeline();
    await client.sendInPieces(raw, 1, 1);
    await expectInOrder(client, server(), raw, bodies, "one byte per packet");
    client.close();
  });

  test("answers the same pipeline cut at seeded random points", async () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    const client = await TcpClient.open(server());
    client.socket.setNoDelay(true);
    const { raw, bodies } = mixedPipeline();
    for (const piece of randomSplits(raw, random, 24)) {
      await sendRequest(client, piece);
      if (random() < 0.3) await sleep(1);
    }
    await expectInOrder(client, server(), raw, bodies, `cut at random points (${reproduceLine(seed, "04", "04.8")})`);
    client.close();
  });

  test("never calls the handler for a body cut off by a dropped connection", async () => {
    const key = `dropped-${process.pid}-${Date.now()}`;
    for (const partial of [post(["Content-Length: 10"], "12345", { target: `/count/${key}` }), post([CHUNKED], "5\r\nhello\r\n3\r\nab", { target: `/count/${key}` })]) {
      const client = await TcpClient.open(server());
      await sendRequest(client, partial);
      await sleep(50);
      client.close(); // the client vanishes mid-body
    }
    await sleep(100);
    const probe = post(["Content-Length: 0"], "", { target: `/count/${key}` });
    const client = await TcpClient.open(server());
    await sendRequest(client, probe);
    const response = await readResponse(client, { sent: escapeBytes(probe), server: server() });
    if (response.status !== 200 || response.body.toString("latin1") !== "1") {
      throw new CheckFailure("the handler saw requests whose bodies never finished", {
        sent: `two requests to /count/${key} whose connections closed mid-body, then ${escapeBytes(probe)}`,
        expected: '200 with the body "1": the only whole request for this key is the last one',
        received: showResponse(response),
        hint: "Call the handler only once the whole body is in. A connection that dies before then leaves nothing behind: drop the half-read request with the socket.",
      });
    }
    client.close();
  });

  test("answers 400 when the client half-closes in the middle of a body", async () => {
    const raw = post(["Content-Length: 10"], "12345");
    const client = await TcpClient.open(server());
    await sendRequest(client, raw);
    client.endWriting();
    const response = await readResponse(client, { sent: `${escapeBytes(raw)}, then FIN`, server: server() });
    await expectRejected(client, response, 400, `${escapeBytes(raw)}, then FIN`, "A FIN before the body is complete means the body will never be complete: answer 400 and close, without calling the handler.");
  });
});
