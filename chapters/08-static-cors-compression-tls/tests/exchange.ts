// Requests and expectations shared by chapter 08's checks. Each exchange opens a connection,
// sends one request and reads one whole response — framed by Content-Length, by chunks, or by
// the close — so a failure shows exactly that pair. Bodies stay as sent: a compressed body is
// decoded only where a check asks for it.
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  header,
  headerValues,
  type ReceivedResponse,
  readResponse,
  sendRequest,
  showResponse,
  waitUntilClosed,
} from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";

export interface RequestOptions {
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string | Buffer;
  /** How long each read may wait; the client's default otherwise. */
  readonly timeoutMs?: number;
}

export interface Exchange {
  /** The request as sent, escaped for failure messages. */
  readonly sent: string;
  readonly response: ReceivedResponse;
  /** How the body was framed: what a check of Content-Length or chunking looks at. */
  readonly framing: "length" | "chunked" | "close" | "none";
}

export function buildRequest(method: string, target: string, options: RequestOptions = {}): Buffer {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const lines = [
    `${method} ${target} HTTP/1.1`,
    "Host: localhost",
    ...(options.headers ?? []).map(([n, v]) => `${n}: ${v}`),
  ];
  if (body) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body ?? Buffer.alloc(0)]);
}

/** Sends one request on a new connection and reads its whole response. */
export async function exchange(
  server: LabServer,
  method: string,
  target: string,
  options: RequestOptions = {},
): Promise<Exchange> {
  const raw = buildRequest(method, target, options);
  const sent = escapeBytes(raw, 600);
  const client = await TcpClient.open(server);
  try {
    await sendRequest(client, raw);
    return await readExchange(client, {
      sent,
      server,
      head: method === "HEAD",
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  } finally {
    client.close();
  }
}

/** Reads one response off `client`, its body by whatever framing the head announces (RFC 9112 §6.3). */
export async function readExchange(
  client: TcpClient,
  options: { sent: string; server: LabServer; head?: boolean; timeoutMs?: number },
): Promise<Exchange> {
  const { sent, timeoutMs } = options;
  const response = await readResponse(client, {
    sent,
    server: options.server,
    head: true,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  const status = response.status;
  if (options.head || status === 204 || status === 304 || status < 200) return { sent, response, framing: "none" };
  const encoding = header(response, "transfer-encoding");
  const lengths = headerValues(response, "content-length");
  if (encoding !== undefined) {
    if (encoding.toLowerCase() !== "chunked" || lengths.length > 0)
      malformed(sent, response.head, "Transfer-Encoding: chunked alone, without Content-Length (RFC 9112 §6.1)");
    response.body = await readChunks(client, sent, timeoutMs);
    return { sent, response, framing: "chunked" };
  }
  if (lengths.length > 0) {
    const length = lengths[0]!;
    if (!/^\d+$/.test(length) || lengths.some((l) => l !== length))
      malformed(sent, response.head, "one Content-Length with a decimal number of bytes");
    response.body = await client.readBytes(
      Number(length),
      `the ${length}-byte body announced by Content-Length`,
      timeoutMs,
    );
    return { sent, response, framing: "length" };
  }
  await waitUntilClosed(client, "the end of a body without Content-Length (the server closing)", timeoutMs);
  response.body = await client.readBytes(client.pending().length, "the body", timeoutMs);
  return { sent, response, framing: "close" };
}

const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]+)(;[^\r\n]*)?\r\n$/;

async function readChunks(client: TcpClient, sent: string, timeoutMs: number | undefined): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (;;) {
    const line = await client.readLine("a chunk size line", timeoutMs);
    const size = CHUNK_SIZE_LINE.exec(line);
    if (!size) malformed(sent, line, "a chunk size line: hex digits and CRLF (RFC 9112 §7.1)");
    const length = Number.parseInt(size[1]!, 16);
    if (length === 0) break;
    pieces.push(await client.readBytes(length, `a chunk of ${length} bytes`, timeoutMs));
    const end = await client.readBytes(2, "the CRLF after a chunk", timeoutMs);
    if (end.toString("latin1") !== "\r\n") malformed(sent, end.toString("latin1"), "CRLF right after a chunk's data");
  }
  const last = await client.readLine("the empty line after the last chunk", timeoutMs);
  if (last !== "\r\n") malformed(sent, last, "the empty line that ends a chunked body");
  return Buffer.concat(pieces);
}

function malformed(sent: string, received: string, expected: string): never {
  throw new CheckFailure("the server's response is not well-formed HTTP/1.1", {
    sent,
    expected,
    received: escapeBytes(received, 400),
  });
}

export function fail(summary: string, ex: Exchange, expected: string, hint?: string): never {
  throw new CheckFailure(summary, {
    sent: ex.sent,
    expected,
    received: showResponse(ex.response),
    ...(hint ? { hint } : {}),
  });
}

export function expectStatus(ex: Exchange, status: number, hint?: string): void {
  if (ex.response.status !== status)
    fail(`expected status ${status}, got ${ex.response.status}`, ex, `a ${status} response`, hint);
}

export function expectHeader(ex: Exchange, name: string, expected: string | RegExp, hint?: string): void {
  const value = header(ex.response, name);
  const ok = value !== undefined && (typeof expected === "string" ? value === expected : expected.test(value));
  if (!ok)
    fail(
      value === undefined ? `the response has no ${name} field` : `the response's ${name} field is wrong`,
      ex,
      `${name}: ${typeof expected === "string" ? expected : `a value matching ${expected}`}`,
      hint,
    );
}

export function expectNoHeader(ex: Exchange, name: string, hint?: string): void {
  const values = headerValues(ex.response, name);
  if (values.length > 0)
    fail(
      `the response has a ${name} field it must not have (${name}: ${values.join(", ")})`,
      ex,
      `no ${name} field`,
      hint,
    );
}

/** The body is exactly `expected`, byte for byte. */
export function expectBody(ex: Exchange, expected: Buffer | string, hint?: string): void {
  const bytes = typeof expected === "string" ? Buffer.from(expected) : expected;
  if (!ex.response.body.equals(bytes))
    fail(
      `the body differs from the expected ${bytes.length} bytes (got ${ex.response.body.length})`,
      ex,
      `the body ${escapeBytes(bytes, 200)}`,
      hint,
    );
}

/** The values of a list field, split at commas and lower-cased: "Origin, accept-encoding" → ["origin", "accept-encoding"]. */
export function listOf(ex: Exchange, name: string): string[] {
  return headerValues(ex.response, name)
    .flatMap((value) => value.split(","))
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== "");
}

/** The body with its Content-Encoding undone, once; a body that does not decode fails the check. */
export function decodedBody(ex: Exchange): Buffer {
  const coding = (header(ex.response, "content-encoding") ?? "identity").toLowerCase();
  try {
    switch (coding) {
      case "identity":
        return ex.response.body;
      case "gzip":
        return gunzipSync(ex.response.body);
      case "deflate":
        return inflateSync(ex.response.body);
      case "br":
        return brotliDecompressSync(ex.response.body);
    }
  } catch (error) {
    fail(
      `the body does not decode as ${coding}: ${(error as Error).message}`,
      ex,
      `a body in the ${coding} format the Content-Encoding names`,
      coding === "deflate"
        ? 'HTTP\'s "deflate" is the zlib format (createDeflate), not raw deflate (createDeflateRaw).'
        : undefined,
    );
  }
  return fail(
    `the response names a content coding the check does not know: ${coding}`,
    ex,
    "Content-Encoding: br, gzip or deflate",
  );
}

export { escapeBytes, header, headerValues };
