// Reads HTTP/1.1 responses off a raw TcpClient, strictly: a check that sends exact bytes
// must also see exactly what came back, so a malformed response is a failure of its own,
// shown byte for byte.
import { CheckFailure, escapeBytes } from "./failure.ts";
import type { LabServer } from "./lab-server.ts";
import type { TcpClient } from "./tcp-client.ts";

export interface ReceivedResponse {
  /** "HTTP/1.1" */
  version: string;
  status: number;
  reason: string;
  /** Field lines in order, names as sent. */
  headers: [name: string, value: string][];
  body: Buffer;
  /** The status line and header section as received, for failure messages. */
  head: string;
}

export interface ReadOptions {
  /** What the check sent, already escaped: shown when the response is wrong. */
  sent: string;
  /** The request was HEAD: no body follows, whatever Content-Length says (RFC 9110 §9.3.2). */
  head?: boolean;
  /** Per read: the status line, each field line, the body. Default: the client's (TcpClient.replyTimeoutMs). */
  timeoutMs?: number;
  /** The server under check: when the connection breaks, its death is the better explanation. */
  server?: LabServer;
}

/** The most field lines a response may have before the reader gives up on it. */
const MAX_RESPONSE_FIELDS = 100;
/** A crashed server's connections break a moment before its exit is noticed: wait this long for the news. */
const EXIT_NOTICE_MS = 150;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3}) ([^\r\n]*)\r\n$/;
const FIELD_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*\r\n$/;

/** Writes a request. A write error is not thrown: the read that follows reports what the server did. */
export async function sendRequest(client: TcpClient, request: string | Buffer): Promise<void> {
  await client.send(request).catch(() => undefined);
}

/** Reads one whole response: status line, field lines, and a body framed by Content-Length or by the close. */
export async function readResponse(client: TcpClient, options: ReadOptions): Promise<ReceivedResponse> {
  try {
    return await read(client, options);
  } catch (error) {
    throw await explainExit(error, options);
  }
}

/** A broken connection whose server just died: say that the server died, with its last output. */
async function explainExit(error: unknown, options: ReadOptions): Promise<unknown> {
  const server = options.server;
  // A timeout means the connection stayed open all along: the server did not die meanwhile.
  if (!server || !(error instanceof CheckFailure) || error.kind !== "check") return error;
  for (const deadline = Date.now() + EXIT_NOTICE_MS; Date.now() < deadline && !server.exitReason(); ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const reason = server.exitReason();
  if (!reason) return error;
  return new CheckFailure("your server died while handling the request", {
    kind: "exited",
    sent: options.sent,
    expected: "an HTTP response",
    received: reason,
  });
}

async function read(client: TcpClient, options: ReadOptions): Promise<ReceivedResponse> {
  const timeoutMs = options.timeoutMs;
  const statusLine = await client.readLine("the status line of an HTTP response", timeoutMs);
  const status = STATUS_LINE.exec(statusLine);
  if (!status) malformed(options.sent, statusLine, 'a status line like "HTTP/1.1 200 OK\\r\\n"');
  let head = statusLine;
  const headers: [string, string][] = [];
  for (;;) {
    const line = await client.readLine(
      `the rest of the response header section (after ${escapeBytes(head, 80)})`,
      timeoutMs,
    );
    head += line;
    if (line === "\r\n") break;
    const field = FIELD_LINE.exec(line);
    if (!field) malformed(options.sent, head, 'field lines like "Name: value\\r\\n", then an empty line "\\r\\n"');
    headers.push([field[1]!, field[2]!]);
    if (headers.length > MAX_RESPONSE_FIELDS)
      malformed(options.sent, head, `at most ${MAX_RESPONSE_FIELDS} field lines`);
  }
  const response: ReceivedResponse = {
    version: statusLine.slice(0, 8),
    status: Number(status[1]),
    reason: status[2]!,
    headers,
    body: Buffer.alloc(0),
    head,
  };
  const code = response.status;
  if (options.head || code === 204 || code === 304 || (code >= 100 && code < 200)) return response;
  const lengths = headerValues(response, "content-length");
  if (lengths.length > 0) {
    const length = lengths[0]!;
    if (!/^\d+$/.test(length) || lengths.some((l) => l !== length))
      malformed(options.sent, head, "one Content-Length with a decimal number of bytes");
    response.body = await client.readBytes(
      Number(length),
      `the ${length}-byte body announced by Content-Length`,
      timeoutMs,
    );
    return response;
  }
  if (headerValues(response, "transfer-encoding").length > 0)
    malformed(options.sent, head, "a body framed by Content-Length");
  // No framing: the body runs until the server closes (RFC 9112 §6.3, rule 8).
  await waitUntilClosed(client, "the end of a body without Content-Length (the server closing)", timeoutMs);
  response.body = await client.readBytes(client.pending().length, "the body", timeoutMs);
  return response;
}

/** Every value of a field, case-insensitively, in order. */
export function headerValues(response: ReceivedResponse, name: string): string[] {
  const wanted = name.toLowerCase();
  return response.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

/** The field's value, several lines joined with ", " (RFC 9110 §5.3); undefined when absent. */
export function header(response: ReceivedResponse, name: string): string | undefined {
  const values = headerValues(response, name);
  return values.length > 0 ? values.join(", ") : undefined;
}

/** True when the response's Connection field holds the "close" option (RFC 9112 §9.6). */
export function saysClose(response: ReceivedResponse): boolean {
  return (header(response, "connection") ?? "").split(",").some((option) => option.trim().toLowerCase() === "close");
}

/** The whole response, escaped, for failure messages. */
export function showResponse(response: ReceivedResponse): string {
  return escapeBytes(Buffer.concat([Buffer.from(response.head, "latin1"), response.body]), 400);
}

export interface Expectation {
  sent: string;
  hint?: string;
}

export function expectStatus(response: ReceivedResponse, status: number, context: Expectation): void {
  if (response.status === status) return;
  throw new CheckFailure(`expected status ${status}, got ${response.status}`, {
    sent: context.sent,
    expected: `a ${status} response`,
    received: showResponse(response),
    ...(context.hint ? { hint: context.hint } : {}),
  });
}

/** Checks a field's value: equal to a string (case-sensitively) or matching a pattern. */
export function expectHeader(
  response: ReceivedResponse,
  name: string,
  expected: string | RegExp,
  context: Expectation,
): void {
  const value = header(response, name);
  const ok = value !== undefined && (typeof expected === "string" ? value === expected : expected.test(value));
  if (ok) return;
  throw new CheckFailure(
    value === undefined ? `the response has no ${name} field` : `the response's ${name} field is wrong`,
    {
      sent: context.sent,
      expected: `${name}: ${typeof expected === "string" ? expected : `a value matching ${expected}`}`,
      received: showResponse(response),
      ...(context.hint ? { hint: context.hint } : {}),
    },
  );
}

/** Waits for the server to close the connection, keeping whatever it sent before. */
export async function waitUntilClosed(
  client: TcpClient,
  awaiting: string,
  timeoutMs = client.replyTimeoutMs(),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!client.isClosed()) {
    if (Date.now() > deadline) {
      throw new CheckFailure(`timed out after ${timeoutMs} ms waiting for ${awaiting}`, {
        kind: "timeout",
        expected: awaiting,
        received: client.pending().length
          ? `only ${escapeBytes(client.pending())}, and the connection stayed open`
          : "nothing, and the connection stayed open",
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function malformed(sent: string, received: string, expected: string): never {
  throw new CheckFailure("the server's reply is not a well-formed HTTP/1.1 response", {
    sent,
    expected,
    received: escapeBytes(received, 400),
    hint: "Every line of a response head ends in \\r\\n, and an empty line ends the head (RFC 9112 §2.1).",
  });
}
