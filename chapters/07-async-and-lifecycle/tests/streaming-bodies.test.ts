// Stage 07.1: a handler reads the request body as it arrives — an async iterable of pieces —
// with backpressure, instead of getting it whole after the fact. A handler that reads slowly
// makes the connection stop reading the socket, so TCP flow control holds the client back: the
// client's sends stall, the server's memory stays flat, and the body's deadline is not held
// against the client. Routes that want the whole body still get it, read before they run.
import { createHash } from "node:crypto";
import { describe, test } from "vitest";
import { budgetMs, Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { readResponse, saysClose, sendRequest } from "../../../shared/check/http-client.ts";
import { type LabServer, sleep, useLabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, seededRandom } from "../../../shared/check/random.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import {
  ASYNC_APP,
  ASYNC_ENV,
  type Exchange,
  exchange,
  expectJson,
  expectStatus,
  fail,
  jsonBody,
  probeUntil,
  recorded,
} from "./exchange.ts";
import { MAX_BODY_BYTES } from "./fixtures/limits.ts";

const MiB = 1024 * 1024;
/** The uploads of the exact-bytes checks: many socket reads, well under the app's limit. */
const UPLOAD_BYTES = 3 * MiB;
/**
 * The large upload a handler holds back: more than the kernel's socket buffers take on both
 * ends (a few MiB on loopback), so a server that keeps reading has to hold the rest itself.
 * As a quick regression 40 MiB: still well over both limits below.
 */
const LARGE_BYTES = sized("07.1", { full: 64, quick: 40 }) * MiB;
/** What the client may hand to its kernel while the handler reads nothing: the socket buffers, and room to spare. */
const MAX_HANDED_BYTES = 16 * MiB;
/** How much the server's memory may grow meanwhile: the body stream's queue is 64 KiB; the rest is the kernel's. */
const MAX_GROWTH_BYTES = 24 * MiB;
/** The client's sends count as stalled when none completes for this long. */
const STALL_QUIET_MS = 400;
/** The pieces the large upload is written in. */
const PIECE_BYTES = 64 * 1024;
/** The server's body deadline in the check that holds a body back for longer. */
const SHORT_BODY_DEADLINE_MS = 1_000;

const STREAM_HINT =
  "request.stream() yields the pieces of the BodyStream as the connection pushes them: for await … of the stream, not of a buffered copy.";
const BACKPRESSURE_HINT =
  "BodyStream.push() returns false once the queued bytes reach the high-water mark; the connection then pauses the socket. Resume it (onDrain) only when the reader has taken pieces and the queue is below the mark again.";

/** A body from the check's seed, so a failure can be replayed; four random bytes at a time, which is quick. */
function seededBody(bytes: number, salt: number): Buffer {
  const random = seededRandom(checkSeed() + salt);
  const body = Buffer.alloc(bytes + 3);
  for (let i = 0; i < bytes; i += 4) body.writeUInt32LE(Math.floor(random() * 2 ** 32), i);
  return body.subarray(0, bytes);
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The handler's answer names exactly `bytes` bytes with SHA-256 `digest`. */
function expectDigest(ex: Exchange, bytes: number, digest: string, hint: string): void {
  expectStatus(ex, 200, hint);
  const got = jsonBody(ex) as { bytes?: number; sha256?: string };
  if (got.bytes !== bytes || got.sha256 !== digest)
    fail("the handler read different bytes from those sent", ex, `${bytes} bytes with SHA-256 ${digest}`, hint);
}

/** Opens a gate the app's handler waits at, retrying until the handler is there. */
async function openGate(server: LabServer, key: string, deadline: Deadline): Promise<void> {
  while (!deadline.passed()) {
    const ex = await exchange(server, "POST", `/gates/${key}`);
    expectStatus(ex, 200);
    if ((jsonBody(ex) as { opened?: boolean }).opened === true) return;
    await sleep(20);
  }
  throw new CheckFailure("the handler never reached the point where it waits before reading", {
    kind: "timeout",
    expected: `the handler of POST /upload/gated/${key} to be running`,
    received: "it was not, within the stage's budget",
    hint: "A streaming route's handler runs as soon as the request's head is in, before its body has arrived.",
  });
}

stage("07.1", () => {
  const server = useSharedLabServer(ASYNC_APP, ASYNC_ENV);

  test.each([
    ["Content-Length", undefined],
    ["chunked, 4 KiB chunks", 4096],
  ])("a streaming handler reads a %s body piece by piece, every byte in order", async (_framing, chunked) => {
    const body = seededBody(UPLOAD_BYTES, chunked ?? 0);
    const ex = await exchange(server(), "POST", "/upload/digest", { body, ...(chunked ? { chunked } : {}) });
    expectDigest(ex, body.length, sha256(body), STREAM_HINT);
    const got = jsonBody(ex) as { pieces?: number };
    if ((got.pieces ?? 0) < 2) {
      fail(
        `the handler got a ${UPLOAD_BYTES}-byte body in ${got.pieces} piece`,
        ex,
        "many pieces, as TCP delivered them",
        "The handler must not wait for the whole body: push each piece to the stream as the reader produces it.",
      );
    }
  });

  test("a route that does not stream gets the whole body before it runs: body, text() and json() work as in chapter 06", async () => {
    const body = seededBody(UPLOAD_BYTES, 1);
    const whole = await exchange(server(), "POST", "/upload/whole", { body });
    expectJson(
      whole,
      200,
      { bytes: body.length, sha256: sha256(body) },
      "Before the handler of a route without streamBody runs, await request.buffer(): it reads the stream to its end into one Uint8Array.",
    );
    const json = await exchange(server(), "POST", "/upload/buffered", {
      body: '{"list":[1,2,3]}',
      headers: [["Content-Type", "application/json"]],
    });
    expectJson(
      json,
      200,
      { json: { list: [1, 2, 3] }, textLength: 16, again: 16 },
      "buffer() reads the body once; afterwards body, text() and json() answer from it, and stream() yields the buffered bytes.",
    );
  });

  test("the server's body limit holds for a streamed body: 413, and the handler's read fails with it", async () => {
    const body = seededBody(MAX_BODY_BYTES + PIECE_BYTES, 2);
    const ex = await exchange(server(), "POST", "/upload/digest?key=over-limit", { body, chunked: PIECE_BYTES });
    expectStatus(
      ex,
      413,
      "The reader still counts a chunked body against maxBodyBytes: when it passes the limit, the connection answers 413 and closes.",
    );
    if (!saysClose(ex.response)) fail("the 413 does not close the connection", ex, "Connection: close");
    await probeUntil(
      server(),
      "over-limit",
      (events) => recorded(events, { failed: 413 }),
      "the handler's read failing with 413",
      "When the connection refuses a body, fail the BodyStream (BodyError with the status); request.stream() turns it into HttpError(413).",
    );
  });

  test("a handler that answers before reading the whole body: the rest is read and dropped, and the connection serves the next request", async () => {
    const body = seededBody(2 * MiB, 3);
    const first = Buffer.concat([
      Buffer.from(
        `POST /upload/first-piece HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\n\r\n`,
        "latin1",
      ),
      body,
    ]);
    const second = "GET /probe/nothing-here HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const sent = `${escapeBytes(first, 120)} then ${escapeBytes(second)}`;
    const client = await TcpClient.open(server());
    try {
      await sendRequest(client, Buffer.concat([first, Buffer.from(second, "latin1")]));
      const answered: Exchange = {
        sent,
        response: await readResponse(client, { sent, server: server() }),
        server: server(),
      };
      expectStatus(answered, 200);
      const next: Exchange = {
        sent,
        response: await readResponse(client, { sent, server: server() }),
        server: server(),
      };
      expectJson(
        next,
        200,
        [],
        "Once the response is sent, discard() the body stream: drop what is queued, accept what still comes without pausing, and resume the socket, so the next request gets read.",
      );
    } finally {
      client.close();
    }
  });

  describe("a handler that holds the body back", () => {
    const held = useLabServer(ASYNC_APP, { MAX_BODY_BYTES: String(4 * LARGE_BYTES) });

    test(`while the handler reads nothing, a ${LARGE_BYTES / MiB} MiB upload stalls in the client: the socket is paused and the server's memory stays flat`, async () => {
      const deadline = new Deadline(budgetMs(LARGE_BYTES / MiB, { perUnitMs: 250, floorMs: 15_000 }));
      // Warm up first: the first request of a process costs memory that has nothing to do with bodies.
      expectStatus(await exchange(held(), "POST", "/upload/digest", { body: seededBody(MiB, 4) }), 200);
      const before = await held().rssBytes();
      const piece = seededBody(PIECE_BYTES, 5);
      const head = `POST /upload/gated/large HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${LARGE_BYTES}\r\n\r\n`;
      const sent = `${escapeBytes(head)} then ${LARGE_BYTES} body bytes`;
      const client = await TcpClient.open(held(), { deadline });
      let handed = 0;
      let lastProgress = Date.now();
      const expected = createHash("sha256");
      const writing = (async () => {
        await client.send(head);
        while (handed < LARGE_BYTES) {
          await client.send(piece);
          expected.update(piece);
          handed += piece.length;
          lastProgress = Date.now();
        }
      })();
      writing.catch(() => undefined);
      try {
        while (Date.now() - lastProgress < STALL_QUIET_MS && handed <= MAX_HANDED_BYTES && !deadline.passed())
          await sleep(50);
        const during = await held().rssBytes();
        if (handed > MAX_HANDED_BYTES || deadline.passed()) {
          throw new CheckFailure("the server kept reading an upload its handler was not reading", {
            sent,
            expected: `the client's sends to stall after at most ${MAX_HANDED_BYTES / MiB} MiB (the socket buffers): the connection pauses the socket`,
            received: `the client handed over ${Math.round(handed / MiB)} MiB and its sends went on`,
            hint: BACKPRESSURE_HINT,
          });
        }
        if (during - before > MAX_GROWTH_BYTES) {
          throw new CheckFailure("the server's memory grew with an upload its handler was not reading", {
            sent,
            expected: `at most ${MAX_GROWTH_BYTES / MiB} MiB of growth`,
            received: `${Math.round((during - before) / MiB)} MiB (${Math.round(before / MiB)} → ${Math.round(during / MiB)} MiB resident)`,
            hint: BACKPRESSURE_HINT,
          });
        }
        await openGate(held(), "large", deadline);
        await writing;
        const ex: Exchange = { sent, response: await readResponse(client, { sent, server: held() }), server: held() };
        expectDigest(
          ex,
          LARGE_BYTES,
          expected.digest("hex"),
          "Once the handler reads, onDrain resumes the socket and the whole body arrives, in order.",
        );
      } finally {
        client.close();
      }
    });
  });

  describe("a body held back for longer than its deadline", () => {
    const strict = useLabServer(ASYNC_APP, { ...ASYNC_ENV, HEADERS_TIMEOUT_MS: String(SHORT_BODY_DEADLINE_MS) });

    test("is no 408: the time the handler holds the client back does not count against the client", async () => {
      const deadline = new Deadline(10_000);
      const body = seededBody(2 * MiB, 6);
      const raw = Buffer.concat([
        Buffer.from(
          `POST /upload/gated/slow HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\n\r\n`,
          "latin1",
        ),
        body,
      ]);
      const client = await TcpClient.open(strict(), { deadline });
      try {
        await sendRequest(client, raw);
        await sleep(SHORT_BODY_DEADLINE_MS * 1.5);
        await openGate(strict(), "slow", deadline);
        const ex: Exchange = {
          sent: escapeBytes(raw, 120),
          response: await readResponse(client, { sent: escapeBytes(raw, 120), server: strict() }),
          server: strict(),
        };
        if (ex.response.status === 408) {
          fail(
            "the client got a 408 while the server was the one not reading",
            ex,
            `200: the body deadline (${SHORT_BODY_DEADLINE_MS} ms) stops while the socket is paused`,
            "When push() returns false, hold the connection's clock along with pausing the socket; release it in onDrain.",
          );
        }
        expectDigest(ex, body.length, sha256(body), "The rest of the body arrives once the handler reads.");
      } finally {
        client.close();
      }
    });
  });
});
