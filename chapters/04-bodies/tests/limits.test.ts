// Stages 04.5 and 04.6: bodies the server refuses before reading them, and the interim
// response that lets a client wait for the verdict. The server runs with MAX_BODY_BYTES=1024
// and a one-second deadline per request part, so the checks take moments, not megabytes.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { readResponse, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { post } from "./body-cases.ts";
import { ENTRY, exchange, expectBody, expectRejected, sleep } from "./exchange.ts";

const LIMIT = 1024;
const DEADLINE_MS = 1_000;
/** A timer may fire late on a busy machine: how long past the deadline a check still waits for the 408. */
const SLACK_MS = DEADLINE_MS * 2;
const ENV = { MAX_BODY_BYTES: String(LIMIT), HEADERS_TIMEOUT_MS: String(DEADLINE_MS) };
const CHUNKED = "Transfer-Encoding: chunked";
const TOO_LARGE = `With MAX_BODY_BYTES=${LIMIT}, answer 413 with Connection: close as soon as the body is known to be larger — from Content-Length at the head, or from the chunk sizes so far — without waiting for the rest of it.`;

stage("04.5", () => {
  const server = useSharedLabServer(ENTRY, ENV);

  test(`accepts a body of exactly ${LIMIT} bytes, by Content-Length and chunked`, async () => {
    const body = "x".repeat(LIMIT);
    for (const raw of [
      post([`Content-Length: ${LIMIT}`], body),
      post([CHUNKED], `200\r\n${body.slice(0, 512)}\r\n200\r\n${body.slice(512)}\r\n0\r\n\r\n`),
    ]) {
      const { client, response } = await exchange(server(), raw);
      expectBody(
        response,
        body,
        escapeBytes(raw),
        `The limit is inclusive: a body of ${LIMIT} bytes is fine; ${LIMIT + 1} is not.`,
      );
      client.close();
    }
  });

  test("answers 413 to a Content-Length over the limit, before any body byte is sent", async () => {
    const raw = post([`Content-Length: ${LIMIT + 1}`], "");
    const { client, response } = await exchange(server(), raw);
    await expectRejected(
      client,
      response,
      413,
      `${escapeBytes(raw)} (and no body: the client waits for the verdict)`,
      TOO_LARGE,
    );
  });

  test("answers 413, not 400, to a well-formed Content-Length of 10 GB", async () => {
    const raw = post(["Content-Length: 10000000000"], "");
    const { client, response } = await exchange(server(), raw);
    await expectRejected(
      client,
      response,
      413,
      escapeBytes(raw),
      `${TOO_LARGE} A large number is still a valid length: 413, not 400.`,
    );
  });

  test("answers 413 once the chunk sizes pass the limit, before that chunk's data is sent", async () => {
    const raw = post([CHUNKED], `200\r\n${"y".repeat(512)}\r\n201\r\n`);
    const { client, response } = await exchange(server(), raw);
    await expectRejected(
      client,
      response,
      413,
      `${escapeBytes(raw)} (0x200 + 0x201 = ${0x401} bytes announced; the data of the second chunk never comes)`,
      TOO_LARGE,
    );
  });

  test("answers 413 to one huge chunk size at once", async () => {
    const raw = post([CHUNKED], "10000000\r\n");
    const { client, response } = await exchange(server(), raw);
    await expectRejected(client, response, 413, escapeBytes(raw), TOO_LARGE);
  });

  test(`answers 408 and closes when a body stalls past the deadline (HEADERS_TIMEOUT_MS=${DEADLINE_MS})`, async () => {
    const raw = post(["Content-Length: 10"], "12345");
    const client = await TcpClient.open(server());
    const since = Date.now();
    await sendRequest(client, raw);
    const sent = `${escapeBytes(raw)}, then nothing (5 of 10 body bytes)`;
    const response = await readResponse(client, { sent, server: server(), timeoutMs: DEADLINE_MS + SLACK_MS });
    const hint = `A body is bounded in time like a head: once the head is in, the body must arrive within the deadline, or the client gets 408 and the close. Otherwise a client that sends a body one byte a minute holds the connection forever.`;
    await expectRejected(client, response, 408, sent, hint);
    if (Date.now() - since < DEADLINE_MS / 2) {
      throw new CheckFailure("the 408 came before the deadline", {
        sent,
        expected: `408 after about ${DEADLINE_MS} ms`,
        received: `408 after ${Date.now() - since} ms`,
        hint,
      });
    }
  });
});

stage("04.6", () => {
  const server = useSharedLabServer(ENTRY, ENV);
  const CONTINUE = "HTTP/1.1 100 Continue\r\n";
  const HINT =
    'A client that sends Expect: 100-continue waits for "HTTP/1.1 100 Continue\\r\\n\\r\\n" before sending its body (RFC 9110 §10.1.1): write it when the head arrives, before reading the body.';

  /** Sends a head with Expect: 100-continue and expects the interim response before any body is sent. */
  async function expectContinue(client: TcpClient, head: string): Promise<void> {
    await sendRequest(client, head);
    const line = await client.readLine("HTTP/1.1 100 Continue (the client is holding its body back until it comes)");
    const empty = line === CONTINUE ? await client.readLine("the empty line after 100 Continue") : "";
    if (line !== CONTINUE || empty !== "\r\n") {
      throw new CheckFailure("the server did not send 100 Continue before the body", {
        sent: `${escapeBytes(head)}, and no body yet`,
        expected: escapeBytes(`${CONTINUE}\r\n`),
        received: escapeBytes(line + empty + client.pending().toString("latin1")),
        hint: HINT,
      });
    }
  }

  test("sends 100 Continue to an HTTP/1.1 client, then reads the body and answers", async () => {
    const client = await TcpClient.open(server());
    const head = post(["Expect: 100-continue", "Content-Length: 7"], "");
    await expectContinue(client, head);
    await sendRequest(client, "go on!!");
    expectBody(
      await readResponse(client, { sent: `${escapeBytes(head)}, 100 Continue, then "go on!!"`, server: server() }),
      "go on!!",
      escapeBytes(head),
      HINT,
    );
    client.close();
  });

  test("sends 100 Continue for a chunked body, matching the expectation case-insensitively", async () => {
    const client = await TcpClient.open(server());
    const head = post(["Expect: 100-Continue", CHUNKED], "");
    await expectContinue(client, head);
    await sendRequest(client, "3\r\nyes\r\n0\r\n\r\n");
    expectBody(
      await readResponse(client, { sent: escapeBytes(head), server: server() }),
      "yes",
      escapeBytes(head),
      HINT,
    );
    client.close();
  });

  test("sends no 100 Continue to an HTTP/1.0 client", async () => {
    const client = await TcpClient.open(server());
    const head = post(["Expect: 100-continue", "Content-Length: 4"], "", { version: "1.0" });
    await sendRequest(client, head);
    await sleep(250);
    const early = client.pending().toString("latin1");
    await sendRequest(client, "body");
    const response = await readResponse(client, { sent: escapeBytes(head + "body"), server: server() });
    if (early !== "" || response.status === 100) {
      throw new CheckFailure("the server sent an interim response to an HTTP/1.0 client", {
        sent: `${escapeBytes(head)}, 250 ms, then "body"`,
        expected:
          "nothing until the final response: HTTP/1.0 has no 1xx responses, so the expectation MUST be ignored (RFC 9110 §10.1.1)",
        received: early !== "" ? escapeBytes(early) : showResponse(response),
        hint: "Send 100 Continue only when the request's version is HTTP/1.1 or later.",
      });
    }
    expectBody(response, "body", escapeBytes(head + "body"), HINT);
    client.close();
  });

  test("answers 413 instead of 100 Continue when the announced body is over the limit", async () => {
    const head = post(["Expect: 100-continue", `Content-Length: ${LIMIT * 4}`], "");
    const { client, response } = await exchange(server(), head);
    await expectRejected(
      client,
      response,
      413,
      escapeBytes(head),
      "Decide on the head before inviting the body: a body that would be refused gets 413 at once, never 100 Continue first.",
    );
  });

  test("answers 417 to an expectation it cannot meet, and closes", async () => {
    const head = post(["Expect: telepathy", "Content-Length: 4"], "");
    const { client, response } = await exchange(server(), head);
    await expectRejected(
      client,
      response,
      417,
      escapeBytes(head),
      "100-continue is the only expectation HTTP defines; any other may be answered with 417 Expectation Failed (RFC 9110 §10.1.1), as Node does. The body was not read, so close.",
    );
  });
});
