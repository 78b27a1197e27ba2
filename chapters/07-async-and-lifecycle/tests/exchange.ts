// Requests and expectations shared by chapter 07's checks. The request/response helpers of
// chapter 06 (one request per connection, JSON expectations, a 500 explained by the server's
// log) serve here too; this adds what chapter 07 looks at: work that goes on after a response
// or without a client, seen through the app's probes and its in-memory log.
import { isDeepStrictEqual } from "node:util";
import type { Deadline } from "../../../shared/check/budget.ts";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { header, readResponse, sendRequest } from "../../../shared/check/http-client.ts";
import { type LabServer, sleep } from "../../../shared/check/lab-server.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { type ChunkedResponse, readChunkedResponse } from "../../04-bodies/tests/exchange.ts";
import {
  buildRequest,
  type Exchange,
  exchange,
  expectStatus,
  fail,
  jsonBody,
  type RequestOptions,
} from "../../06-app-and-middleware/tests/exchange.ts";
import { MAX_BODY_BYTES } from "./fixtures/limits.ts";

export {
  buildRequest,
  type Exchange,
  exchange,
  expectHeader,
  expectJson,
  expectStatus,
  fail,
  jsonBody,
} from "../../06-app-and-middleware/tests/exchange.ts";

/** The app of stages 07.1 to 07.7 (tests/apps/async.ts), and the environment it runs with. */
export const ASYNC_APP = checkApp("async");
export const ASYNC_ENV = { MAX_BODY_BYTES: String(MAX_BODY_BYTES) };
/** The app of stage 07.8 (tests/apps/lifecycle.ts). */
export const LIFECYCLE_APP = checkApp("lifecycle");

/** A request id as crypto.randomUUID() makes them: version 4, lower-case hex. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** How long work a check waits for (a background task, a handler noticing a disconnect) may take. */
export const EVENTUALLY_MS = 3_000;

/** Like chapter 06's exchange(), with every read waiting until the stage's deadline instead of REPLY_TIMEOUT_MS. */
export async function exchangeWithin(
  server: LabServer,
  deadline: Deadline,
  method: string,
  target: string,
  options: RequestOptions = {},
): Promise<Exchange> {
  const raw = buildRequest(method, target, options);
  const sent = escapeBytes(raw, 600);
  const client = await TcpClient.open(server, { deadline });
  try {
    await sendRequest(client, raw);
    return { sent, response: await readResponse(client, { sent, server }), server };
  } finally {
    client.close();
  }
}

/** Sends one GET on a new connection and reads a chunked response to its last chunk, strictly (chapter 04's reader). */
export async function streamedExchange(
  server: LabServer,
  target: string,
  timeoutMs = EVENTUALLY_MS,
): Promise<{ sent: string; response: ChunkedResponse }> {
  const raw = buildRequest("GET", target);
  const sent = escapeBytes(raw);
  const client = await TcpClient.open(server);
  try {
    await sendRequest(client, raw);
    return { sent, response: await readChunkedResponse(client, server, sent, timeoutMs) };
  } finally {
    client.close();
  }
}

/** The response's X-Request-ID; a failure when it has none. */
export function requestIdOf(ex: Exchange, hint?: string): string {
  const id = header(ex.response, "x-request-id");
  if (id === undefined)
    fail(
      "the response has no X-Request-ID field",
      ex,
      "X-Request-ID: <the request's id>",
      hint ?? "Set X-Request-ID on every response, in the outermost layer, so errors and 404s carry it too.",
    );
  return id;
}

/** What the app's handlers, tasks and streams recorded under `key` (GET /probe/{key}). */
export async function probe(server: LabServer, key: string): Promise<unknown[]> {
  const ex = await exchange(server, "GET", `/probe/${key}`);
  expectStatus(ex, 200);
  return jsonBody(ex) as unknown[];
}

/** Polls the probe `key` until `done(events)` holds; fails after `ms` saying what it waited for. */
export async function probeUntil(
  server: LabServer,
  key: string,
  done: (events: unknown[]) => boolean,
  awaiting: string,
  hint: string,
  ms = EVENTUALLY_MS,
): Promise<unknown[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const events = await probe(server, key);
    if (done(events)) return events;
    if (Date.now() > deadline) {
      throw new CheckFailure(`the app did not record ${awaiting} within ${ms} ms`, {
        kind: "timeout",
        expected: awaiting,
        received: `the probe ${key} holds ${JSON.stringify(events)}`,
        hint,
      });
    }
    await sleep(25);
  }
}

/** Does `events` hold an event deeply equal to `event`? */
export function recorded(events: readonly unknown[], event: unknown): boolean {
  return events.some((e) => isDeepStrictEqual(e, event));
}

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

/** The records the app logged under request id `id` (GET /logs?requestId=…), in order. */
export async function logsOf(server: LabServer, id: string): Promise<LogLine[]> {
  const ex = await exchange(server, "GET", `/logs?requestId=${encodeURIComponent(id)}`);
  expectStatus(ex, 200);
  return jsonBody(ex) as LogLine[];
}
