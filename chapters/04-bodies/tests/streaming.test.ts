// Stage 04.7: responses whose body is an AsyncIterable, sent with Transfer-Encoding: chunked
// (RFC 9112 §7.1) under backpressure. POST /stream?bytes=N answers with N bytes of
// "abc…zabc…", which the built-in app produces 16 KiB at a time, only when asked for the next.

import { connect, createServer, type Socket } from "node:net";
import { sendResponse } from "@lab/src/http/send-response.ts";
import { test } from "vitest";
import { budgetMs } from "../../../shared/check/budget.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { headerValues, readResponse, saysClose, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { growthWhileStalled } from "../../../shared/check/stalled-memory.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { post } from "./body-cases.ts";
import { ENTRY, expectBody, HELLO, readChunkedResponse } from "./exchange.ts";

const MiB = 1024 * 1024;
/**
 * The slow reader's stream: far more than the kernel's socket buffers hold. As a quick
 * regression 48 MiB, still more than MAX_GROWTH_BYTES, so a server that ignores backpressure
 * still fails.
 */
const LARGE_BYTES = sized("04.7", { full: 128, quick: 48 }) * MiB;
/**
 * How much the server's memory may grow while the client reads nothing, as in chapter 01's
 * backpressure stage: kernel buffers take a few MiB; a server that ignores write() → false
 * produces the whole stream into its heap.
 */
const MAX_GROWTH_BYTES = 32 * MiB;
/** How long the slow reader reads nothing, at least (then until the server is idle). */
const STALL_MS = 1_500;
/** How long reading the whole large stream may take, once the reader reads: scaled to its size. */
const DRAIN_BUDGET_MS = budgetMs(LARGE_BYTES / MiB, { perUnitMs: 200, floorMs: 10_000 });

function letters(from: number, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += String.fromCharCode(0x61 + ((from + i) % 26));
  return out;
}

function stream(bytes: number, version = "1.1"): string {
  return post(["Content-Length: 0"], "", { target: `/stream?bytes=${bytes}`, version });
}

const FRAME =
  "A streamed body has no length up front: send Transfer-Encoding: chunked, frame every piece as size-in-hex CRLF data CRLF, skip empty pieces (a zero-size chunk ends the body), and end with 0 CRLF CRLF.";

stage("04.7", () => {
  const server = useLabServer(ENTRY);

  test("streams 100,000 bytes as exact chunks, then serves the next request on the connection", async () => {
    const raw = stream(100_000) + "GET /after HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const client = await TcpClient.open(server());
    await sendRequest(client, raw);
    const response = await readChunkedResponse(client, server(), escapeBytes(raw));
    const body = response.body.toString("latin1");
    if (
      response.status !== 200 ||
      body !== letters(0, 100_000) ||
      response.sizes.slice(0, -1).some((size) => size === 0)
    ) {
      throw new CheckFailure("the streamed body is not the 100,000 bytes the handler produced", {
        sent: escapeBytes(raw),
        expected: "200, and chunks whose data joins to 100,000 bytes of abc…z repeated",
        received: `${response.status}, ${response.sizes.length} chunks of sizes ${response.sizes.slice(0, 8).join(", ")}…, ${body.length} bytes starting ${escapeBytes(body.slice(0, 40))}`,
        hint: FRAME,
      });
    }
    expectBody(
      await readResponse(client, { sent: escapeBytes(raw), server: server() }),
      HELLO,
      escapeBytes(raw),
      "Nothing may follow the last chunk's empty line but the next response.",
    );
    client.close();
  });

  test("frames pieces exactly in sendResponse: skips empty ones, sends strings as UTF-8", async () => {
    // In-process: sendResponse writes to one end of a loopback connection; the other end reads.
    async function* pieces(): AsyncGenerator<string | Uint8Array> {
      yield "";
      yield "héllo";
      yield new Uint8Array(0);
      yield Buffer.from(" world", "latin1");
      yield "";
    }
    const wire = await overLoopback((socket) =>
      sendResponse(
        socket,
        { status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: pieces() },
        { omitBody: false, chunked: true },
      ),
    );
    const framing = wire.slice(wire.indexOf("\r\n\r\n") + 4);
    const want = "6\r\nh\xc3\xa9llo\r\n6\r\n world\r\n0\r\n\r\n";
    if (!/^HTTP\/1\.1 200 OK\r\n/.test(wire) || !/\r\nTransfer-Encoding: chunked\r\n/i.test(wire) || framing !== want) {
      throw new CheckFailure("sendResponse framed a streamed body wrongly", {
        sent: 'sendResponse(socket, { status: 200, …, body: pieces "", "héllo", Uint8Array(0), " world", "" }, { omitBody: false, chunked: true })',
        expected: `a head with Transfer-Encoding: chunked, then ${escapeBytes(want)}`,
        received: escapeBytes(wire, 400),
        hint: "Skip empty pieces: a zero-size chunk is the last chunk, and the client would stop reading there. A string piece is UTF-8 bytes, and its chunk size counts bytes, not characters.",
      });
    }
  });

  test("sends an empty streamed body as the last chunk alone", async () => {
    const raw = stream(0);
    const client = await TcpClient.open(server());
    await sendRequest(client, raw);
    const response = await readChunkedResponse(client, server(), escapeBytes(raw));
    if (response.sizes.join(",") !== "0") {
      throw new CheckFailure("an empty stream was not framed as 0\\r\\n\\r\\n alone", {
        sent: escapeBytes(raw),
        expected: "one chunk of size 0",
        received: `chunks of sizes ${response.sizes.join(", ")}`,
        hint: FRAME,
      });
    }
    client.close();
  });

  test("streams to an HTTP/1.0 client without chunked, ending the body with the close", async () => {
    const raw = stream(5_000, "1.0");
    const client = await TcpClient.open(server());
    await sendRequest(client, raw);
    const response = await readResponse(client, { sent: escapeBytes(raw), server: server() }).catch(
      (error: unknown) => {
        if (error instanceof CheckFailure)
          throw new CheckFailure(error.message, {
            kind: error.kind,
            sent: escapeBytes(raw),
            expected: error.expected,
            received: error.received,
            hint: "HTTP/1.0 knows no chunked coding and must never see Transfer-Encoding (RFC 9112 §6.1): send the raw bytes, say Connection: close, and close when the body ends (RFC 9112 §6.3, rule 8).",
          });
        throw error;
      },
    );
    const ok =
      response.status === 200 &&
      headerValues(response, "transfer-encoding").length === 0 &&
      saysClose(response) &&
      response.body.toString("latin1") === letters(0, 5_000);
    if (!ok) {
      throw new CheckFailure("a streamed response to HTTP/1.0 was not a close-delimited body", {
        sent: escapeBytes(raw),
        expected:
          "200 with Connection: close, no Transfer-Encoding and no Content-Length, then 5,000 bytes and the close",
        received: showResponse(response),
        hint: "HTTP/1.0 knows no chunked coding and must never see Transfer-Encoding (RFC 9112 §6.1): send the raw bytes, say Connection: close, and close when the body ends (RFC 9112 §6.3, rule 8).",
      });
    }
  });

  test(`streams ${LARGE_BYTES / MiB} MiB to a slow reader with bounded memory, then delivers all of it`, async () => {
    const raw = stream(LARGE_BYTES);
    const client = await TcpClient.open(server());
    const socket = client.takeSocket();
    socket.pause(); // the slow reader: read nothing at first
    const before = await server().rssBytes();
    socket.write(raw);
    const { growth, ms } = await growthWhileStalled(server(), before, {
      atLeastMs: STALL_MS,
      limitBytes: MAX_GROWTH_BYTES,
    });
    if (growth > MAX_GROWTH_BYTES) {
      client.close();
      throw new CheckFailure("the server buffered a streamed response for a client that was not reading", {
        sent: `${escapeBytes(raw)}, then read nothing for ${ms} ms`,
        expected: `the server's memory to grow by at most ${MAX_GROWTH_BYTES / MiB} MiB`,
        received: `it grew by ${Math.round(growth / MiB)} MiB (${Math.round(before / MiB)} → ${Math.round((before + growth) / MiB)} MiB resident)`,
        hint: "When socket.write() returns false, wait for 'drain' before asking the body for its next piece; for await … of pulls a piece only when the loop comes round.",
      });
    }
    const result = await readLargeStream(socket);
    client.close();
    if (result.problem) {
      throw new CheckFailure("the large streamed response came back wrong", {
        sent: escapeBytes(raw),
        expected: `a chunked body of ${LARGE_BYTES} bytes of abc…z, exactly framed, ending in 0\\r\\n\\r\\n`,
        received: result.problem,
        hint: FRAME,
      });
    }
  });
});

/** Runs `write` on the server end of a loopback connection and returns what the client end received (latin1). */
async function overLoopback(write: (socket: Socket) => Promise<void>): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
  const client = connect(port, "127.0.0.1");
  let received = "";
  client.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  const socket = await accepted;
  try {
    await write(socket);
    socket.end();
    await new Promise((resolve) => client.once("end", resolve));
    return received;
  } finally {
    client.destroy();
    socket.destroy();
    server.close();
  }
}

/**
 * Reads a chunked response straight off the socket, checking framing and content as it goes,
 * without keeping the body: 128 MiB should not cost the check 128 MiB either.
 */
function readLargeStream(socket: import("node:net").Socket): Promise<{ problem?: string }> {
  return new Promise((resolve) => {
    let pending = Buffer.alloc(0);
    let state: "head" | "size" | "data" | "data-crlf" | "end" = "head";
    let remaining = 0;
    let offset = 0;
    const timer = setTimeout(
      () => finish(`only ${offset} of ${LARGE_BYTES} bytes arrived within ${DRAIN_BUDGET_MS / 1000} s`),
      DRAIN_BUDGET_MS,
    );
    const finish = (problem?: string): void => {
      clearTimeout(timer);
      socket.removeAllListeners("data");
      socket.pause();
      resolve(problem ? { problem } : {});
    };
    socket.on("close", () => finish(`the connection closed after ${offset} of ${LARGE_BYTES} body bytes`));
    socket.on("data", (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (state === "head") {
          const end = pending.indexOf("\r\n\r\n");
          if (end === -1) return;
          const head = pending.subarray(0, end + 4).toString("latin1");
          if (!/^HTTP\/1\.1 200 /.test(head) || !/\r\ntransfer-encoding: *chunked\r\n/i.test(head))
            return finish(`a response head without 200 and Transfer-Encoding: chunked: ${escapeBytes(head)}`);
          pending = pending.subarray(end + 4);
          state = "size";
        } else if (state === "size") {
          const end = pending.indexOf("\r\n");
          if (end === -1) return;
          const line = pending.subarray(0, end).toString("latin1");
          if (!/^[0-9A-Fa-f]+$/.test(line))
            return finish(`the chunk size line ${escapeBytes(line)} after ${offset} body bytes`);
          remaining = parseInt(line, 16);
          pending = pending.subarray(end + 2);
          if (remaining === 0) {
            state = "end";
          } else state = "data";
        } else if (state === "data") {
          if (pending.length === 0) return;
          const take = Math.min(remaining, pending.length);
          for (let i = 0; i < take; i++) {
            if (pending[i] !== 0x61 + ((offset + i) % 26))
              return finish(
                `byte ${offset + i} of the body is ${escapeBytes(pending.subarray(i, i + 1))}, expected ${escapeBytes(letters(offset + i, 1))}`,
              );
          }
          offset += take;
          remaining -= take;
          pending = pending.subarray(take);
          if (remaining === 0) state = "data-crlf";
        } else if (state === "data-crlf") {
          if (pending.length < 2) return;
          if (pending[0] !== 0x0d || pending[1] !== 0x0a)
            return finish(
              `${escapeBytes(pending.subarray(0, 2))} instead of CRLF after a chunk's data, at body byte ${offset}`,
            );
          pending = pending.subarray(2);
          state = "size";
        } else {
          if (pending.length < 2) return;
          if (pending.subarray(0, 2).toString("latin1") !== "\r\n")
            return finish(`${escapeBytes(pending.subarray(0, 2))} instead of the empty line after the last chunk`);
          return finish(offset === LARGE_BYTES ? undefined : `the body ended after ${offset} of ${LARGE_BYTES} bytes`);
        }
      }
    });
    socket.resume();
  });
}
