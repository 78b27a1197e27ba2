// Stage 07.6: a handler that returns an async iterable — an async generator, say — streams it:
// 200, chunked, each piece sent as it comes and produced only as fast as the client reads. The
// app guards the stream on its way out: its pieces are produced in the request's context (their
// log lines carry its id), a client that leaves stops it and closes the generator (its finally
// runs), and a generator that fails halfway is logged and ends the response unfinished.
import { connect, type Socket } from "node:net";
import { test } from "vitest";
import { Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { sleep } from "../../../shared/check/lab-server.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import {
  ASYNC_APP,
  ASYNC_ENV,
  EVENTUALLY_MS,
  logsOf,
  probe,
  probeUntil,
  recorded,
  streamedExchange,
} from "./exchange.ts";
import { STREAM_PIECE_BYTES } from "./fixtures/limits.ts";

const MiB = 1024 * 1024;
/** The stream the slow reader asks for: far more than the socket buffers hold. Quick: 24 MiB, still more than the bound below. */
const LARGE_PIECES = (sized("07.6", { full: 64, quick: 24 }) * MiB) / STREAM_PIECE_BYTES;
/** What the generator may have produced while the client read nothing: the kernel's buffers and a few pieces. */
const MAX_PRODUCED_BYTES = 16 * MiB;
/** Production counts as stopped when it has not moved for this long. */
const QUIET_MS = 400;

const GUARD_HINT =
  "guardStream(body, signal): pull each piece with a next() bound to the request's context, stop (throwing the signal's reason) once the signal aborts, log a failure with log.error, and close the iterator (return()) when stopped early.";

/** Connects and sends a GET without reading anything back yet. */
async function requestWithoutReading(port: number, host: string, target: string, id?: string): Promise<Socket> {
  const socket = connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.pause();
  socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n${id ? `X-Request-ID: ${id}\r\n` : ""}\r\n`);
  return socket;
}

stage("07.6", () => {
  const server = useSharedLabServer(ASYNC_APP, ASYNC_ENV);

  test("a returned async generator is streamed: 200, chunked, application/octet-stream, every piece in order", async () => {
    const { sent, response } = await streamedExchange(server(), "/stream/count?n=5&ms=10");
    const body = response.body.toString("utf8");
    const type = response.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
    if (response.status !== 200 || body !== "0\n1\n2\n3\n4\n" || !/^application\/octet-stream/.test(type)) {
      throw new CheckFailure("a returned async generator was not streamed as it yields", {
        sent,
        expected: 'a 200 application/octet-stream response whose chunks join to "0\\n1\\n2\\n3\\n4\\n"',
        received: `${response.status}, Content-Type ${type || "(none)"}, body ${escapeBytes(body)}`,
        hint: 'toResponse(): an async iterable (Symbol.asyncIterator in value) becomes new Response(value, { headers: { "Content-Type": "application/octet-stream" } }).',
      });
    }
  });

  test(`production follows the client: while it reads nothing, a ${(LARGE_PIECES * STREAM_PIECE_BYTES) / MiB} MiB stream stops early, then all of it arrives`, async () => {
    const deadline = new Deadline(20_000);
    const key = `large-${Date.now()}`;
    const socket = await requestWithoutReading(
      server().port,
      server().host,
      `/stream/large/${key}?pieces=${LARGE_PIECES}`,
    );
    try {
      let last = -1;
      let since = Date.now();
      for (;;) {
        const [produced = 0] = (await probe(server(), key)) as number[];
        if (produced !== last) [last, since] = [produced, Date.now()];
        if (produced > MAX_PRODUCED_BYTES) {
          throw new CheckFailure("the stream went on while the client read nothing", {
            sent: `GET /stream/large/${key}?pieces=${LARGE_PIECES}, then nothing read`,
            expected: `the generator to stop after at most ${MAX_PRODUCED_BYTES / MiB} MiB (the socket buffers): a piece is pulled only when the last one was written`,
            received: `it produced ${Math.round(produced / MiB)} MiB`,
            hint: "Pull the next piece only when the socket has taken the last one (sendResponse waits for 'drain'); guardStream must not read ahead.",
          });
        }
        if (Date.now() - since > QUIET_MS && produced > 0) break;
        if (deadline.passed())
          throw new CheckFailure("the stream never started", {
            expected: "the generator to produce its first pieces",
            received: `${produced} bytes produced`,
            hint: GUARD_HINT,
          });
        await sleep(50);
      }
      const total = LARGE_PIECES * STREAM_PIECE_BYTES;
      const received = await new Promise<number>((resolve) => {
        let bytes = 0;
        socket.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (chunk.subarray(-5).toString("latin1") === "0\r\n\r\n") resolve(bytes);
        });
        socket.on("close", () => resolve(bytes));
        setTimeout(() => resolve(bytes), deadline.left());
        socket.resume();
      });
      if (received < total) {
        throw new CheckFailure("the stream did not resume and finish once the client read", {
          sent: `GET /stream/large/${key}?pieces=${LARGE_PIECES}`,
          expected: `the whole ${total}-byte stream and its last chunk`,
          received: `${received} bytes`,
          hint: GUARD_HINT,
        });
      }
    } finally {
      socket.destroy();
    }
  });

  test("a client that leaves stops the stream: the generator's finally runs, and its pieces were logged under the request's id", async () => {
    const key = `ticks-${Date.now()}`;
    const id = `check-stream-${key}`.padEnd(36, "0");
    const client = await TcpClient.open(server());
    client.socket.write(`GET /stream/ticks/${key} HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: ${id}\r\n\r\n`);
    await probeUntil(server(), key, (events) => recorded(events, { tick: 2 }), "three ticks", GUARD_HINT);
    client.socket.end();
    const events = await probeUntil(
      server(),
      key,
      (events) => recorded(events, "closed"),
      "the generator's finally block, once the client left",
      "Once request.signal aborts, stop pulling and call the iterator's return(): that runs the generator's finally.",
    );
    const ticksAfter = events.filter((event) => typeof event === "object").length;
    const lines = await logsOf(server(), id);
    const logged = lines.filter((line) => line.msg === "tick").length;
    if (logged < ticksAfter) {
      throw new CheckFailure("the streamed body's log lines lost the request's id", {
        sent: `GET /stream/ticks/${key} with X-Request-ID: ${id}`,
        expected: `all ${ticksAfter} "tick" lines logged under ${id}`,
        received: `${logged} of them`,
        hint: "The connection pulls the pieces from outside the request's context: bind the iterator's next() to the request with bindToContext() before handing the stream over.",
      });
    }
    client.close();
  });

  test("a generator that fails halfway: the response ends unfinished and the failure is logged under the request's id", async () => {
    const id = `check-stream-fails-${Date.now()}`.padEnd(36, "0");
    const client = await TcpClient.open(server());
    const raw = `GET /stream/fails HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: ${id}\r\n\r\n`;
    await client.send(raw);
    const deadline = Date.now() + EVENTUALLY_MS;
    while (!client.isClosed() && Date.now() < deadline) await sleep(20);
    const received = client.pending().toString("latin1");
    client.close();
    const ended = client.isClosed() && /\r\n\r\n4\r\none\n\r\n4\r\ntwo\n\r\n$/.test(received);
    const lines = await logsOf(server(), id);
    if (
      !ended ||
      !lines.some((line) => line.level === "error" && JSON.stringify(line).includes("the disk is on fire"))
    ) {
      throw new CheckFailure("a stream that failed halfway was not cut off and logged", {
        sent: escapeBytes(raw),
        expected:
          'the head, the chunks "one\\n" and "two\\n", then the connection closed without a last chunk; and an error line holding "the disk is on fire" under the request\'s id',
        received: `${escapeBytes(received, 300)}${client.isClosed() ? ", then the close" : ", and the connection stayed open"}; ${lines.length} log lines under the id`,
        hint: GUARD_HINT,
      });
    }
  });
});
