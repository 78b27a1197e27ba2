// Stage 02.5: every request the parser rejects, sent over a real socket. The server must
// answer with the right status in a well-formed response that says Connection: close, then
// close — without reading on.
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import {
  expectHeader,
  expectStatus,
  readResponse,
  saysClose,
  sendRequest,
  showResponse,
} from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { head, isAccepted, REQUEST_CASES, type Rejected } from "./request-cases.ts";

const ENTRY = checkApp("http-server");

stage("02.5", () => {
  const server = useSharedLabServer(ENTRY);

  async function expectRejected(
    raw: string,
    status: number,
    options: { endsEarly?: boolean; hint?: string } = {},
  ): Promise<void> {
    const client = await TcpClient.open(server());
    await sendRequest(client, raw);
    if (options.endsEarly) client.endWriting();
    const sent = escapeBytes(raw) + (options.endsEarly ? ", then FIN" : "");
    const response = await readResponse(client, { sent, server: server() });
    expectStatus(response, status, {
      sent,
      hint:
        options.hint ?? "Answer the parser's error with its status: errors carry the status they are answered with.",
    });
    if (!saysClose(response)) {
      throw new CheckFailure("the error response does not say Connection: close", {
        sent,
        expected: "a Connection: close field: the server closes after an error (RFC 9112 §9.6)",
        received: showResponse(response),
        hint: "After a parse error the rest of the stream cannot be trusted: announce Connection: close, then end() the socket.",
      });
    }
    expectHeader(response, "Content-Length", /^\d+$/, {
      sent,
      hint: "Frame the error body with Content-Length, like any other response.",
    });
    await client.expectClosed("the server to close the connection after the error response", 2_000);
  }

  for (const row of REQUEST_CASES.filter((r): r is Rejected => !isAccepted(r))) {
    test(`answers ${row.rejects} and closes: ${row.what}`, () => expectRejected(row.raw, row.rejects, row));
  }

  test("reads nothing after an error: a valid request behind it gets no answer", async () => {
    const raw = head("GET / HTTP/1.1", "Host : bad") + head("GET / HTTP/1.1", "Host: good");
    await expectRejected(raw, 400, {
      hint: "After an error, stop parsing: answer it, end() the socket, and ignore every later byte.",
    });
  });

  test("answers 431 while the client is still sending an endless header section", async () => {
    const client = await TcpClient.open(server());
    const start = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Endless: ";
    await sendRequest(client, start);
    // 32 KiB more in 1 KiB packets, with no end in sight: the server must not wait for the end.
    for (let i = 0; i < 32 && !client.isClosed(); i++) await sendRequest(client, "x".repeat(1024));
    const sent = `${escapeBytes(start)} then 32 KiB of "x" without a line end`;
    const response = await readResponse(client, { sent, server: server() });
    expectStatus(response, 431, {
      sent,
      hint: "Count header-section bytes as they arrive and fail as soon as the count passes the limit.",
    });
    client.close();
  });
});
