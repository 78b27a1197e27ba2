// Requests and expectations shared by chapter 03's checks: build a request, read its
// response, and say whether the connection must stay open or close.
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  expectStatus,
  type ReceivedResponse,
  readResponse,
  saysClose,
  sendRequest,
  showResponse,
} from "../../../shared/check/http-client.ts";
import type { LabServer } from "../../../shared/check/lab-server.ts";
import type { TcpClient } from "../../../shared/check/tcp-client.ts";

export const ENTRY = checkApp("http-server");
export const HELLO = "Hello, World!";

/** A request head: request line, Host (for HTTP/1.1), extra fields, empty line. */
export function request(method: string, target: string, options: { version?: string; fields?: string[] } = {}): string {
  const version = options.version ?? "1.1";
  const host = version === "1.0" ? [] : ["Host: localhost"];
  return (
    [`${method} ${target} HTTP/${version}`, ...host, ...(options.fields ?? [])].map((line) => `${line}\r\n`).join("") +
    "\r\n"
  );
}

export function get(target = "/", ...fields: string[]): string {
  return request("GET", target, { fields });
}

/** What hello-world answers to each method, so a pipeline's answers can be checked in order. */
export function expectedStatus(method: string): number {
  return method === "GET" || method === "HEAD" ? 200 : method === "BREW" ? 501 : 405;
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends one request and reads its response; checks the status. */
export async function roundTrip(
  client: TcpClient,
  server: LabServer,
  raw: string,
  status = 200,
  hint?: string,
): Promise<ReceivedResponse> {
  if (client.isClosed()) {
    throw new CheckFailure("the server closed the connection before this request could be sent", {
      sent: escapeBytes(raw),
      expected: "the connection still open: the requests before this one on it did not ask to close",
      received: `the connection was closed${client.pending().length ? `, after ${escapeBytes(client.pending())}` : ""}`,
      hint:
        hint ?? "HTTP/1.1 connections persist by default (RFC 9112 §9.3): keep reading the socket after a response.",
    });
  }
  await sendRequest(client, raw);
  return expectResponse(client, server, raw, status, hint);
}

/** Reads the response to `raw` (already sent) and checks its status. */
export async function expectResponse(
  client: TcpClient,
  server: LabServer,
  raw: string,
  status: number,
  hint?: string,
): Promise<ReceivedResponse> {
  const sent = escapeBytes(raw);
  const response = await readResponse(client, { sent, head: raw.startsWith("HEAD "), server });
  expectStatus(response, status, { sent, ...(hint ? { hint } : {}) });
  return response;
}

/** The response keeps the connection: no Connection: close, and the server does not close. */
export async function expectKeptOpen(
  client: TcpClient,
  response: ReceivedResponse,
  raw: string,
  hint: string,
): Promise<void> {
  if (saysClose(response)) {
    throw new CheckFailure("the response says Connection: close, but this connection should persist", {
      sent: escapeBytes(raw),
      expected: "a response without the close option: the connection stays open for the next request",
      received: showResponse(response),
      hint,
    });
  }
  // A server that closes right after answering does so within a few milliseconds.
  await sleep(30);
  if (client.isClosed()) {
    throw new CheckFailure("the server closed the connection after answering", {
      sent: escapeBytes(raw),
      expected: "the connection to stay open for the next request",
      received: `${showResponse(response)}, then the connection closed`,
      hint,
    });
  }
}

/** The response announces Connection: close, and the server then closes with nothing more sent. */
export async function expectClosing(
  client: TcpClient,
  response: ReceivedResponse,
  raw: string,
  hint: string,
): Promise<void> {
  if (!saysClose(response)) {
    throw new CheckFailure("the last response on this connection does not say Connection: close", {
      sent: escapeBytes(raw),
      expected: "a Connection: close field: a server that is going to close says so (RFC 9112 §9.6)",
      received: showResponse(response),
      hint,
    });
  }
  await client.expectClosed("the server to close the connection after its last response");
}

/**
 * Waits for the server to close the connection: not before `notBeforeMs` (measured from
 * `since`), and by `byMs`. Returns when it closed.
 */
export async function expectClosedBetween(
  client: TcpClient,
  since: number,
  notBeforeMs: number,
  byMs: number,
  what: string,
  hint: string,
): Promise<number> {
  while (!client.isClosed() && Date.now() - since < byMs) await sleep(10);
  const after = Date.now() - since;
  if (!client.isClosed()) {
    throw new CheckFailure(`the connection was still open ${byMs} ms after ${what}`, {
      kind: "timeout",
      expected: `the server to close it between ${notBeforeMs} and ${byMs} ms after ${what}`,
      received: client.pending().length
        ? `${escapeBytes(client.pending())}, and the connection stayed open`
        : "nothing, and the connection stayed open",
      hint,
    });
  }
  if (after < notBeforeMs) {
    throw new CheckFailure(`the server closed the connection too early, ${after} ms after ${what}`, {
      expected: `the connection to stay open at least ${notBeforeMs} ms`,
      received: `closed after ${after} ms`,
      hint,
    });
  }
  return after;
}
