// Stages 03.5 and 03.6: the two clocks of a connection. The server runs with short timeouts
// (set through the environment) so the checks take a second, not a minute; the scenarios of a
// stage run side by side, each on its own connection, and each is judged by its own test.
import { beforeAll, test } from "vitest";
import { budgetMs } from "../../../shared/check/budget.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { expectHeader, readResponse, saysClose, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { ENTRY, expectClosedBetween, expectKeptOpen, get, roundTrip, sleep } from "./exchange.ts";

/** The clock under test; the other one is long, so it never interferes. */
const SHORT_MS = 500;
const LONG_MS = 3_000;
/**
 * Gaps in a conversation that must survive the short clock: a fifth of it, so the check's own
 * timers may run 400 ms late on a busy machine before a correct server is right to close…
 */
const GAP_MS = SHORT_MS / 5;
/** …and enough of them that together they outlast the clock: a clock that is never restarted runs out. */
const GAPS = Math.ceil(SHORT_MS / GAP_MS) + 1;
/** A timer may fire late on a busy machine: how long past the timeout a check still waits, five times the timeout. */
const SLACK_MS = SHORT_MS * 5;
/** A server that closes this early did not wait for its timeout at all. */
const TOO_EARLY_MS = SHORT_MS / 2;
const SLOWLORIS_CLIENTS = sized("03.6", { full: 200, quick: 50 });
/**
 * When that many slowloris clients time out together, the server writes a 408 to each and the
 * check reads them all: on a busy machine the last answer comes later than a single one would,
 * so the crowd gets the slack of one client plus an allowance per client.
 */
const CROWD_MS = SHORT_MS + SLACK_MS + budgetMs(SLOWLORIS_CLIENTS, { perUnitMs: 10, floorMs: 0 });
/** How often a slowloris client sends one more field line. */
const DRIP_MS = 50;

/**
 * Starts every scenario when the stage begins (its server is up by then) and judges each in
 * its own test: the stage lasts as long as its slowest scenario, not as long as all of them.
 */
function scenarios(list: [name: string, run: () => Promise<void>][]): void {
  const runs = new Map<string, Promise<void>>();
  beforeAll(() => {
    for (const [name, run] of list) {
      const result = run();
      result.catch(() => undefined); // reported by its own test, below
      runs.set(name, result);
    }
  });
  for (const [name] of list) test(name, () => runs.get(name));
}

stage("03.5", () => {
  const server = useLabServer(ENTRY, { IDLE_TIMEOUT_MS: String(SHORT_MS), HEADERS_TIMEOUT_MS: String(LONG_MS) });
  const IDLE = `With IDLE_TIMEOUT_MS=${SHORT_MS}, a connection with no request in progress closes after ${SHORT_MS} ms: arm a timer when the connection opens and after each response; clear it when a request begins.`;

  scenarios([
    [
      "closes a connection that never sends a byte after the idle timeout, without a response",
      async () => {
        const client = await TcpClient.open(server());
        await expectClosedBetween(
          client,
          Date.now(),
          TOO_EARLY_MS,
          SHORT_MS + SLACK_MS,
          "the connection opened (sending nothing)",
          IDLE,
        );
        await client.expectClosed("nothing sent on an idle close: there is no request to answer");
      },
    ],
    [
      "closes a persistent connection the idle timeout after its last response",
      async () => {
        const client = await TcpClient.open(server());
        const raw = get("/then-silence");
        const response = await roundTrip(client, server(), raw, 200);
        const since = Date.now();
        await expectKeptOpen(client, response, raw, IDLE);
        await expectClosedBetween(client, since, TOO_EARLY_MS, SHORT_MS + SLACK_MS, "the last response", IDLE);
        await client.expectClosed("nothing sent on an idle close");
      },
    ],
    [
      `restarts the idle clock after every response: ${GAPS + 1} requests ${GAP_MS} ms apart`,
      async () => {
        const client = await TcpClient.open(server());
        for (let i = 0; i <= GAPS; i++) {
          if (i > 0) await sleep(GAP_MS);
          await roundTrip(
            client,
            server(),
            get(`/tick/${i}`),
            200,
            `Each response restarts the idle clock: ${SHORT_MS} ms count from the last response, not from the connection's start.`,
          );
        }
        client.close();
      },
    ],
    [
      "does not apply the idle timeout to a request in progress",
      async () => {
        const client = await TcpClient.open(server());
        const raw = get("/slow-but-fine");
        await sendRequest(client, raw.slice(0, 10));
        await sleep(SHORT_MS * 2);
        await sendRequest(client, raw.slice(10));
        const sent = `${escapeBytes(raw.slice(0, 10))}, ${SHORT_MS * 2} ms of silence, then ${escapeBytes(raw.slice(10))}`;
        const response = await readResponse(client, { sent, server: server() });
        if (response.status !== 200) {
          throw new CheckFailure("a request in progress was cut off by the idle timeout", {
            sent,
            expected: `200: once a request has begun, the headers timeout (${LONG_MS} ms here) applies, not the idle timeout`,
            received: showResponse(response),
            hint: "On message-begin, replace the idle timer with the headers timer.",
          });
        }
        client.close();
      },
    ],
  ]);
});

stage("03.6", () => {
  const server = useLabServer(ENTRY, { HEADERS_TIMEOUT_MS: String(SHORT_MS), IDLE_TIMEOUT_MS: String(LONG_MS) });
  const HEADERS = `With HEADERS_TIMEOUT_MS=${SHORT_MS}, a request head must be complete ${SHORT_MS} ms after its first byte, or the server answers 408 and closes. The clock must not restart when bytes arrive.`;
  const SLOW_SENT = `"GET /slowloris HTTP/1.1\\r\\nHost: localhost\\r\\n", then one more field line every ${DRIP_MS} ms`;

  /**
   * A slowloris client: a request line, then one more field line every DRIP_MS, never the
   * empty line — until the server answers or closes, or `maxMs` after `since`.
   */
  async function slowloris(client: TcpClient, since: number, maxMs: number): Promise<void> {
    await sendRequest(client, "GET /slowloris HTTP/1.1\r\nHost: localhost\r\n");
    for (let i = 0; client.pending().length === 0 && !client.isClosed() && Date.now() - since < maxMs; i++) {
      await sleep(DRIP_MS);
      await sendRequest(client, `X-Drip-${i}: ${i}\r\n`);
    }
  }

  /** After a slowloris run: a 408 with Connection: close, not too early, then the close. */
  async function expect408(client: TcpClient, since: number, waitedMs = SHORT_MS + SLACK_MS): Promise<void> {
    if (client.pending().length === 0) {
      throw new CheckFailure(
        client.isClosed()
          ? "the server closed a slow request's connection without answering"
          : `no answer ${waitedMs} ms into a request head that never ends`,
        {
          kind: client.isClosed() ? "check" : "timeout",
          sent: SLOW_SENT,
          expected: `408 Request Timeout with Connection: close about ${SHORT_MS} ms after the first byte, then the close`,
          received: client.isClosed()
            ? "the connection closed with no response"
            : "nothing: the connection is still open and the server keeps reading",
          hint: HEADERS,
        },
      );
    }
    const after = Date.now() - since;
    const response = await readResponse(client, { sent: SLOW_SENT, server: server() });
    if (response.status !== 408 || !saysClose(response)) {
      throw new CheckFailure("a request head that never ends was not answered with 408 and Connection: close", {
        sent: SLOW_SENT,
        expected: "HTTP/1.1 408 Request Timeout, with Connection: close (RFC 9110 §15.5.9)",
        received: showResponse(response),
        hint: HEADERS,
      });
    }
    if (after < TOO_EARLY_MS) {
      throw new CheckFailure(`the 408 came ${after} ms after the request began, before the headers timeout`, {
        sent: SLOW_SENT,
        expected: `408 after about ${SHORT_MS} ms`,
        received: `408 after ${after} ms`,
        hint: HEADERS,
      });
    }
    await client.expectClosed("the server to close the connection after the 408");
  }

  scenarios([
    [
      "answers 408 and closes when a request head drips in slower than the headers timeout (slowloris)",
      async () => {
        const client = await TcpClient.open(server());
        const since = Date.now();
        await slowloris(client, since, SHORT_MS + SLACK_MS);
        await expect408(client, since);
      },
    ],
    [
      "starts the headers clock at the request's first byte, not when the connection opens",
      async () => {
        const client = await TcpClient.open(server());
        await sleep(SHORT_MS * 2);
        await roundTrip(
          client,
          server(),
          get("/late-start"),
          200,
          "Arm the headers timer on message-begin; before that the connection is idle (its clock here is long).",
        );
        client.close();
      },
    ],
    [
      `gives each request its own clock: ${GAPS} requests, each sent in halves ${GAP_MS} ms apart`,
      async () => {
        const client = await TcpClient.open(server());
        for (const target of Array.from({ length: GAPS }, (_, i) => `/request-${i + 1}`)) {
          const raw = get(target);
          await sendRequest(client, raw.slice(0, 12));
          await sleep(GAP_MS);
          await sendRequest(client, raw.slice(12));
          const sent = `${escapeBytes(raw.slice(0, 12))}, ${GAP_MS} ms, ${escapeBytes(raw.slice(12))}`;
          const response = await readResponse(client, { sent, server: server() });
          if (response.status !== 200) {
            throw new CheckFailure("a request whose head was complete in time was not answered with 200", {
              sent,
              expected: `200: each head took ${GAP_MS} ms, under the ${SHORT_MS} ms headers timeout`,
              received: showResponse(response),
              hint: "Start a fresh headers clock at each request's first byte, and stop it when the head is complete.",
            });
          }
          await expectKeptOpen(client, response, raw, "A request answered in time keeps the connection.");
        }
        client.close();
      },
    ],
  ]);

  test(`serves a normal client while ${SLOWLORIS_CLIENTS} slowloris clients hold connections, then 408s them all`, async () => {
    const slow = await Promise.all(Array.from({ length: SLOWLORIS_CLIENTS }, () => TcpClient.open(server())));
    const since = Date.now();
    const dripping = slow.map((client) => slowloris(client, since, CROWD_MS));
    await sleep(DRIP_MS * 2);
    const normal = await TcpClient.open(server());
    const raw = get("/not-slow");
    const response = await roundTrip(
      normal,
      server(),
      raw,
      200,
      "One connection's slowness must never block another: nothing may wait on a slow client.",
    );
    expectHeader(response, "Content-Length", "13", { sent: escapeBytes(raw) });
    normal.close();
    await Promise.all(dripping);
    const unanswered = slow.filter((client) => client.pending().length === 0 && !client.isClosed()).length;
    if (unanswered > 0) {
      throw new CheckFailure(
        `${SLOWLORIS_CLIENTS - unanswered} of ${SLOWLORIS_CLIENTS} slowloris connections were answered within ${CROWD_MS} ms`,
        {
          kind: "timeout",
          sent: `${SLOWLORIS_CLIENTS} connections at once, each ${SLOW_SENT}`,
          expected: `408 Request Timeout with Connection: close on every one, about ${SHORT_MS} ms after its first byte`,
          received: `nothing on ${unanswered} of them: those connections are still open and the server keeps reading`,
          hint: HEADERS,
        },
      );
    }
    for (const client of slow) await expect408(client, since, CROWD_MS);
  });
});
