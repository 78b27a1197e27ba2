// Requests and expectations shared by chapter 06's checks. Each exchange opens a connection,
// sends one request and reads one response, so a failure shows exactly that pair.
import { isDeepStrictEqual } from "node:util";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  header,
  headerValues,
  type ReceivedResponse,
  readResponse,
  sendRequest,
  showResponse,
} from "../../../shared/check/http-client.ts";
import { cleanOutput, indent, type LabServer } from "../../../shared/check/lab-server.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";

/** The app the checks of 06.1, 06.2 and 06.4–06.7 talk to (tests/apps/checks.ts). */
export const CHECK_APP = checkApp("checks");
/** The app of stage 06.3 (tests/apps/middleware.ts). */
export const MIDDLEWARE_APP = checkApp("middleware");
export { MAX_FIELDS, MAX_PARSED_BODY_BYTES } from "./fixtures/limits.ts";

export interface RequestOptions {
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked, in pieces of this many bytes. */
  readonly chunked?: number;
}

export interface Exchange {
  /** The request as sent, escaped for failure messages. */
  readonly sent: string;
  readonly response: ReceivedResponse;
  /** The server that answered: a 500 is best explained by what it logged. */
  readonly server?: LabServer;
}

export function buildRequest(method: string, target: string, options: RequestOptions = {}): Buffer {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const lines = [
    `${method} ${target} HTTP/1.1`,
    "Host: localhost",
    ...(options.headers ?? []).map(([n, v]) => `${n}: ${v}`),
  ];
  let payload = Buffer.alloc(0);
  if (body && options.chunked) {
    lines.push("Transfer-Encoding: chunked");
    const pieces: Buffer[] = [];
    for (let i = 0; i < body.length; i += options.chunked) {
      const piece = body.subarray(i, i + options.chunked);
      pieces.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n"));
    }
    payload = Buffer.concat([...pieces, Buffer.from("0\r\n\r\n")]);
  } else if (body) {
    lines.push(`Content-Length: ${body.length}`);
    payload = body;
  }
  return Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1"), payload]);
}

/** Sends one request on a new connection and reads its response. */
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
    const response = await readResponse(client, { sent, head: method === "HEAD", server });
    return { sent, response, server };
  } finally {
    client.close();
  }
}

export function fail(summary: string, ex: Exchange, expected: string, hint?: string): never {
  // A 500 means an exception on the server; the messages it logged name it (often a TODO(06)).
  const log = ex.response.status === 500 ? errorMessages(ex.server?.outputTail() ?? "") : "";
  const received = showResponse(ex.response) + (log ? `\nthe server logged:\n${indent(log)}` : "");
  throw new CheckFailure(summary, { sent: ex.sent, expected, received, ...(hint ? { hint } : {}) });
}

/** The last few error messages in the server's output, without their stack frames. */
function errorMessages(output: string): string {
  const lines = cleanOutput(output)
    .split("\n")
    .filter((line) => !/^\s+at /.test(line) && /\w*Error\b|TODO\(\d\d\)/.test(line));
  return lines.slice(-4).join("\n");
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
  if (headerValues(ex.response, name).length > 0)
    fail(`the response has a ${name} field it should not have`, ex, `no ${name} field`, hint);
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The body as JSON, after checking that the response says it is JSON. */
export function jsonBody(ex: Exchange, hint?: string): unknown {
  expectHeader(ex, "content-type", JSON_TYPE, hint ?? "A JSON response says Content-Type: application/json.");
  try {
    return JSON.parse(ex.response.body.toString("utf8"));
  } catch {
    return fail("the body is not valid JSON", ex, "a JSON body", hint);
  }
}

/** Status, JSON content type, and a body deeply equal to `expected`. */
export function expectJson(ex: Exchange, status: number, expected: unknown, hint?: string): void {
  expectStatus(ex, status, hint);
  const body = jsonBody(ex, hint);
  if (!isDeepStrictEqual(body, expected))
    fail(
      "the JSON body differs from the spec",
      ex,
      `a ${status} response with the JSON body ${JSON.stringify(expected)}`,
      hint,
    );
}

/** Reads a path in a JSON document, for structural checks: at(doc, "paths", "/users/{id}", "get"). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export { isDeepStrictEqual };
