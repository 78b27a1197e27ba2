// Stage 04.8: bodies however TCP cuts them, pipelined requests with bodies, and requests that
// never finish. The reader is checked in-process against known answers: every row of the body
// table, cut at every point and one byte per push, must give the events the row states, and
// seeded generated streams of requests must read back as exactly what they were built from.
// The rest runs over real connections.
import type { RequestEvent } from "@lab/src/http/request-reader.ts";
import { RequestReader } from "@lab/src/http/request-reader.ts";
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { mutate } from "../../../shared/check/fuzz.ts";
import { readResponse, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, randomSplits, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { BODY_CASES, type BodyCase, isAccepted, post } from "./body-cases.ts";
import { ENTRY, expectBody, expectRejected, HELLO, sleep } from "./exchange.ts";
import { type BodyEvent, generateStream } from "./generated-bodies.ts";

const MAX_BODY_BYTES = 1024 * 1024;
const CHUNKED = "Transfer-Encoding: chunked";
/** Mangled table rows fed to the reader, each whole and cut at random points. */
const FUZZ_INPUTS = sized("04.8", { full: 600, quick: 100 });
/** Generated streams of requests with bodies, each cut at random points. */
const GENERATED_STREAMS = sized("04.8", { full: 400, quick: 80 });
const SPLIT =
  "Keep every half-read thing between push() calls: the head parser's state, the bytes a Content-Length body still needs, and the chunked decoder's state — a chunk size, its CRLF or a trailer line may be cut anywhere.";

/** Feeds `pieces` one push() each (then finish(), when the client half-closed) and keeps what a check compares. */
function read(pieces: readonly Buffer[], finish = false): BodyEvent[] {
  const reader = new RequestReader(MAX_BODY_BYTES);
  const events: RequestEvent[] = [];
  for (const piece of pieces) events.push(...reader.push(piece));
  if (finish) events.push(...reader.finish());
  return events.map((event): BodyEvent => {
    switch (event.type) {
      case "head":
        return { type: "head", method: event.head.method, target: event.head.target };
      case "request":
        return {
          type: "request",
          body: Buffer.from(event.request.body).toString("latin1"),
          trailers: event.request.trailers.map((f) => [f.name, f.value]),
        };
      case "error":
        return { type: "error", status: event.error.status };
      default:
        return { type: "message-begin" };
    }
  });
}

function show(events: readonly BodyEvent[]): string {
  if (events.length === 0) return "no events";
  return events
    .map((e) => {
      if (e.type === "head") return `head ${e.method} ${e.target}`;
      if (e.type === "request")
        return `request body ${escapeBytes(e.body, 60)}${e.trailers.length ? ` trailers ${JSON.stringify(e.trailers)}` : ""}`;
      if (e.type === "error") return `error ${e.status}`;
      return e.type;
    })
    .join(", ");
}

function same(a: readonly BodyEvent[], b: readonly BodyEvent[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A rejected request may be refused at its head (no head event) or in its body (after its
 * head): the table states the status, not the moment. Both sides drop the message-begin and
 * head right before a final error, so either moment compares equal.
 */
function beforeErrorDropped(events: readonly BodyEvent[]): BodyEvent[] {
  const out = [...events];
  if (out.at(-1)?.type !== "error") return out;
  const error = out.pop()!;
  if (out.at(-1)?.type === "head") out.pop();
  if (out.at(-1)?.type === "message-begin") out.pop();
  return [...out, error];
}

/** The method and target of a table row, as its request line says. */
function requestLine(raw: string): { method: string; target: string } {
  const [method = "", target = ""] = raw.slice(0, raw.indexOf("\r\n")).split(" ");
  return { method, target };
}

/** What a table row says the reader must emit. */
function rowEvents(row: BodyCase): BodyEvent[] {
  if (!isAccepted(row)) return [{ type: "error", status: row.rejects }];
  return [
    { type: "message-begin" },
    { type: "head", ...requestLine(row.raw) },
    { type: "request", body: row.accepts, trailers: row.trailers ?? [] },
  ];
}

function pieceList(pieces: readonly Buffer[]): string {
  return `cut into ${pieces.length} pieces: ${pieces
    .slice(0, 5)
    .map((p) => escapeBytes(p, 40))
    .join(" | ")}${pieces.length > 5 ? " | …" : ""}`;
}

/** Feeds a table row in `pieces`; its events must be the ones the row states. */
function expectRow(row: BodyCase, pieces: Buffer[], how: string): void {
  const want = rowEvents(row);
  const got = read(pieces);
  if (same(beforeErrorDropped(got), beforeErrorDropped(want))) return;
  const bytes = Buffer.from(row.raw, "latin1");
  // Wrong even in one piece: not a matter of cuts, and the report says so.
  const whole = !same(beforeErrorDropped(read([bytes])), beforeErrorDropped(want));
  throw new CheckFailure(
    whole
      ? `the reader gets the table row "${row.what}" wrong even uncut`
      : `the reader's events for "${row.what}" change when the bytes are cut ${how}`,
    {
      sent: `${escapeBytes(bytes)}, ${pieceList(pieces)}`,
      expected: isAccepted(row)
        ? show(want)
        : `an error event with status ${row.rejects} (after the head or instead of it), and nothing after it`,
      received: show(got),
      hint: whole ? row.why : SPLIT,
    },
  );
}

/**
 * What the events of any input must look like once finish() is called: whole requests
 * (message-begin, head, request), then at most one error, last. Undefined when they are fine.
 */
function misbehaviour(input: Buffer, events: readonly BodyEvent[]): string | undefined {
  const shape = events.map((e) => ({ "message-begin": "M", head: "H", request: "R", error: "E" })[e.type]).join("");
  if (/E./.test(shape)) return "events came after an error";
  if (!/^(MHR)*(M?H?E)?$/.test(shape))
    return shape.endsWith("M") || shape.endsWith("H")
      ? "a request left open after finish(): it must end in an error"
      : "events out of order";
  if (shape === "" && !input.every((byte) => byte === 0x0d || byte === 0x0a))
    return "no events at all for bytes that are not just empty lines";
  return undefined;
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

async function expectInOrder(
  client: TcpClient,
  server: LabServer,
  raw: string,
  bodies: string[],
  how: string,
): Promise<void> {
  const sent = `${bodies.length} pipelined requests ${how}: ${escapeBytes(raw, 200)}`;
  for (let i = 0; i < bodies.length; i++) {
    const response = await readResponse(client, { sent, server });
    expectBody(
      response,
      bodies[i]!,
      sent,
      `Response ${i + 1} must answer request ${i + 1}. Handle one request at a time: pause the socket while a handler runs (even an asynchronous one), write its response, then go on with the next.`,
    );
  }
}

stage("04.8", () => {
  const server = useSharedLabServer(ENTRY);

  test("gives each table row's stated events for a cut at every point", () => {
    for (const row of BODY_CASES) {
      const bytes = Buffer.from(row.raw, "latin1");
      for (let at = 1; at < bytes.length; at++)
        expectRow(row, [bytes.subarray(0, at), bytes.subarray(at)], `after byte ${at}`);
    }
  });

  test("gives each table row's stated events when every byte arrives on its own", () => {
    for (const row of BODY_CASES) {
      const bytes = Buffer.from(row.raw, "latin1");
      expectRow(
        row,
        Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)),
        "into single bytes",
      );
    }
  });

  test(`reads ${GENERATED_STREAMS} seeded generated streams of requests with bodies, cut at random points, into exactly the requests they were built from`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed + 3);
    const replay = reproduceLine(seed, "04", "04.8");
    for (let n = 0; n < GENERATED_STREAMS; n++) {
      const stream = generateStream(random);
      const bytes = stream.raw;
      const points = [
        ...new Set(
          Array.from({ length: 1 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * (bytes.length - 1))),
        ),
      ].sort((a, b) => a - b);
      const pieces = [0, ...points].map((start, i) => bytes.subarray(start, points[i] ?? bytes.length));
      let got: BodyEvent[];
      try {
        got = read(pieces);
      } catch (error) {
        throw new CheckFailure(`the reader threw on a generated stream of requests (${replay})`, {
          sent: `${escapeBytes(bytes, 400)}, ${pieceList(pieces)}`,
          expected: show(stream.events),
          received: String(error),
        });
      }
      if (same(beforeErrorDropped(got), beforeErrorDropped(stream.events))) continue;
      throw new CheckFailure(
        `the reader read a generated stream of requests wrong${stream.fault ? ` (its last request has ${stream.fault})` : ""} (${replay})`,
        {
          sent: `${escapeBytes(bytes, 400)}, ${pieceList(pieces)}`,
          expected: show(stream.events),
          received: show(got),
          hint: stream.fault
            ? "Every request before the fault is read whole; the fault ends the stream with its status, and the bytes after it are never read as a request."
            : SPLIT,
        },
      );
    }
  });

  test(`ends ${FUZZ_INPUTS} mangled table rows in whole requests or one error, never an exception, however they are cut`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    const replay = reproduceLine(seed, "04", "04.8");
    for (let n = 0; n < FUZZ_INPUTS; n++) {
      const row = BODY_CASES[Math.floor(random() * BODY_CASES.length)]!;
      const bytes = mutate(Buffer.from(row.raw, "latin1"), random);
      const points = [
        ...new Set(
          Array.from(
            { length: 1 + Math.floor(random() * 5) },
            () => 1 + Math.floor(random() * Math.max(1, bytes.length - 1)),
          ),
        ),
      ].sort((a, b) => a - b);
      const pieces = [0, ...points]
        .map((start, i) => bytes.subarray(start, points[i] ?? bytes.length))
        .filter((piece) => piece.length > 0);
      let whole: BodyEvent[];
      let split: BodyEvent[];
      try {
        whole = read([bytes], true);
        split = read(pieces, true);
      } catch (error) {
        throw new CheckFailure("the reader threw on mangled input instead of answering with an error event", {
          sent: `${escapeBytes(bytes)} (${replay})`,
          expected: "events, with an error event for bad input — never an exception",
          received: String(error),
          hint: "Every byte the grammar does not allow becomes an error event with a status; nothing may throw out of push().",
        });
      }
      const problem =
        misbehaviour(bytes, whole) ??
        (same(whole, split) ? undefined : `cut at ${points.join(", ")}, the events differ: ${show(split)}`);
      if (problem) {
        throw new CheckFailure(`the reader misbehaved on mangled input (${replay})`, {
          sent: `${escapeBytes(bytes)}, then finish()`,
          expected:
            "whole requests (message-begin, head, request), then at most one error, last; the same events however the bytes are cut",
          received: `${problem}; events: ${show(whole)}`,
          hint: "After an error the stream cannot be trusted: ignore every later byte. At finish(), a request still open is an error.",
        });
      }
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
    for (const partial of [
      post(["Content-Length: 10"], "12345", { target: `/count/${key}` }),
      post([CHUNKED], "5\r\nhello\r\n3\r\nab", { target: `/count/${key}` }),
    ]) {
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

  test("answers a whole request, then 400 when the client half-closes in the middle of the next body", async () => {
    const whole = post(["Content-Length: 5"], "first");
    const raw = post(["Content-Length: 10"], "12345");
    const sent = `${escapeBytes(whole + raw)}, then FIN`;
    const client = await TcpClient.open(server());
    await sendRequest(client, whole + raw);
    client.endWriting();
    expectBody(
      await readResponse(client, { sent, server: server() }),
      "first",
      sent,
      "The first request is whole: answer it before anything else happens on the connection.",
    );
    const response = await readResponse(client, { sent, server: server() });
    await expectRejected(
      client,
      response,
      400,
      sent,
      "A FIN before the body is complete means the body will never be complete: answer 400 and close, without calling the handler.",
    );
  });
});
