// Requests and expectations shared by chapter 04's checks: send a request with a body, read
// the response, and read a chunked response strictly, chunk by chunk.

import { readFile } from "node:fs/promises";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  headerValues,
  type ReceivedResponse,
  readResponse,
  saysClose,
  sendRequest,
  showResponse,
} from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { REPLY_TIMEOUT_MS, TcpClient } from "../../../shared/check/tcp-client.ts";

export const ENTRY = checkApp("http-server");
export const HELLO = "Hello, World!";

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends `raw` on a new connection and reads one response. */
export async function exchange(
  server: LabServer,
  raw: string,
  options: { head?: boolean; timeoutMs?: number } = {},
): Promise<{ client: TcpClient; response: ReceivedResponse }> {
  const client = await TcpClient.open(server);
  await sendRequest(client, raw);
  const response = await readResponse(client, {
    sent: escapeBytes(raw),
    server,
    ...(options.head ? { head: true } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return { client, response };
}

/** The response is 200 and its body is exactly `body` (compared as bytes). */
export function expectBody(response: ReceivedResponse, body: string, sent: string, hint: string): void {
  if (response.status === 200 && response.body.toString("latin1") === body) return;
  throw new CheckFailure(
    response.status === 200
      ? "the body came back different from what was sent"
      : `expected status 200, got ${response.status}`,
    {
      sent,
      expected: `200 with the body ${escapeBytes(body)}`,
      received: showResponse(response),
      hint,
    },
  );
}

/** The response has `status`, says Connection: close, and the server then closes. */
export async function expectRejected(
  client: TcpClient,
  response: ReceivedResponse,
  status: number,
  sent: string,
  hint: string,
): Promise<void> {
  if (response.status !== status || !saysClose(response)) {
    throw new CheckFailure(
      response.status !== status
        ? `expected status ${status}, got ${response.status}`
        : `the ${status} response does not say Connection: close`,
      {
        sent,
        expected: `${status} with Connection: close, then the close: after a framing error, the rest of the stream cannot be trusted (RFC 9112 §6.3, §9.6)`,
        received: showResponse(response),
        hint,
      },
    );
  }
  await client.expectClosed(`the server to close the connection after the ${status}`);
}

export interface ChunkedResponse {
  status: number;
  headers: [string, string][];
  head: string;
  /** The size of every chunk, in order, the last (0) included. */
  sizes: number[];
  body: Buffer;
}

const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]+)\r\n$/;

/**
 * Reads a response that must be chunked, strictly: a size line of hex digits and CRLF, exactly
 * that many bytes, CRLF — until size 0 and the empty line that ends the message.
 */
export async function readChunkedResponse(
  client: TcpClient,
  server: LabServer,
  sent: string,
  timeoutMs = REPLY_TIMEOUT_MS,
): Promise<ChunkedResponse> {
  const head = await readResponse(client, { sent, head: true, timeoutMs, server });
  const encoding = headerValues(head, "transfer-encoding");
  if (encoding.join(",").toLowerCase() !== "chunked" || headerValues(head, "content-length").length > 0) {
    throw new CheckFailure("a streamed response is not framed with Transfer-Encoding: chunked", {
      sent,
      expected:
        "Transfer-Encoding: chunked, and no Content-Length (RFC 9112 §6.1: a body whose length is unknown when the head is sent)",
      received: escapeBytes(head.head, 400),
      hint: "A body that is an AsyncIterable gets Transfer-Encoding: chunked instead of Content-Length.",
    });
  }
  const sizes: number[] = [];
  const pieces: Buffer[] = [];
  for (;;) {
    const line = await client.readLine("a chunk size line", timeoutMs);
    const size = CHUNK_SIZE_LINE.exec(line);
    if (!size) badFraming(sent, `a chunk size line: hex digits and CRLF (chunk ${sizes.length + 1})`, line);
    const length = parseInt(size[1]!, 16);
    sizes.push(length);
    if (length === 0) break;
    pieces.push(await client.readBytes(length, `the ${length} bytes of chunk ${sizes.length}`, timeoutMs));
    const end = await client.readBytes(2, `the CRLF after chunk ${sizes.length}`, timeoutMs);
    if (end.toString("latin1") !== "\r\n")
      badFraming(
        sent,
        `CRLF right after the ${length} bytes of chunk ${sizes.length}: the size must count exactly the data`,
        end.toString("latin1"),
      );
  }
  const last = await client.readLine("the empty line after the last chunk", timeoutMs);
  if (last !== "\r\n") badFraming(sent, "the empty line that ends a chunked body: 0\\r\\n\\r\\n", last);
  return { status: head.status, headers: head.headers, head: head.head, sizes, body: Buffer.concat(pieces) };
}

function badFraming(sent: string, expected: string, received: string): never {
  throw new CheckFailure("the chunked response's framing is wrong", {
    sent,
    expected,
    received: escapeBytes(received),
    hint: "Each chunk is its size in hex, CRLF, exactly that many bytes, CRLF; the body ends with 0\\r\\n\\r\\n (RFC 9112 §7.1).",
  });
}

/**
 * The most memory the server process has held so far (Linux: VmHWM, the peak resident set).
 * A peak catches memory that was held for a moment and freed before anyone looked. Where
 * /proc is missing (macOS), the current resident set is the best there is.
 */
export async function peakRssBytes(server: LabServer): Promise<number> {
  const exited = server.exitReason();
  if (exited)
    throw new CheckFailure("your server is not running", {
      kind: "exited",
      expected: "a running server to measure",
      received: exited,
    });
  try {
    const status = await readFile(`/proc/${server.pid}/status`, "utf8");
    const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // not Linux
  }
  return server.rssBytes();
}
