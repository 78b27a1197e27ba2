// Stage 07.5: request.signal, an AbortSignal, fires when the client goes away before its
// response: it closes the connection (FIN) or resets it (RST). A handler awaiting slow work with
// the signal stops at once instead of working for nobody, and the app does not log that as a
// failure. A handler still reading a body when its client leaves sees the read fail.
import type { Socket } from "node:net";
import { test } from "vitest";
import { escapeBytes } from "../../../shared/check/failure.ts";
import { readResponse, sendRequest } from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { ASYNC_APP, ASYNC_ENV, type Exchange, expectJson, fail, logsOf, probeUntil, recorded } from "./exchange.ts";

const SIGNAL_HINT =
  "The connection aborts the request's AbortController when the client leaves: on 'end' (the client closed its side) and on 'close' (the connection is gone), for the request still in progress.";

/** Two ways a client leaves. */
const LEAVING: readonly (readonly [string, (socket: Socket) => void])[] = [
  ["closes the connection (FIN)", (socket) => socket.end()],
  ["resets the connection (RST)", (socket) => socket.resetAndDestroy()],
];

stage("07.5", () => {
  const server = useSharedLabServer(ASYNC_APP, ASYNC_ENV);

  test.each(LEAVING)(
    "a client that %s while its handler waits: request.signal aborts the wait at once",
    async (how, leave) => {
      const key = `wait-${how.slice(-4, -1)}-${Date.now()}`;
      const id = `check-abort-${key}`.padEnd(32, "0");
      const raw = `GET /abort/wait/${key}?ms=60000 HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: ${id}\r\n\r\n`;
      const client = await TcpClient.open(server());
      await sendRequest(client, raw);
      await probeUntil(
        server(),
        key,
        (events) => recorded(events, "started"),
        "the handler starting",
        "The route's handler runs as soon as the request is in.",
      );
      leave(client.socket);
      await probeUntil(
        server(),
        key,
        (events) => recorded(events, { aborted: "AbortError" }),
        `the handler's 60 s wait ending with an AbortError once the client ${how}`,
        SIGNAL_HINT,
      );
      const lines = await logsOf(server(), id);
      if (lines.some((line) => line.level === "error")) {
        const ex: Exchange = {
          sent: escapeBytes(raw),
          response: {
            version: "",
            status: 0,
            reason: "",
            headers: [],
            body: Buffer.alloc(0),
            head: "(the client had left)",
          },
        };
        fail(
          "the app logged an error because its client left",
          ex,
          "no error: a handler that stops because request.signal told it to is no bug",
          "In the outermost error layer, an AbortError while request.signal is aborted is answered 499 and logged at info level.",
        );
      }
    },
  );

  test("a client that stays gets its answer, and the signal never fires", async () => {
    const key = `stays-${Date.now()}`;
    const raw = `GET /abort/wait/${key}?ms=50 HTTP/1.1\r\nHost: localhost\r\n\r\n`;
    const client = await TcpClient.open(server());
    try {
      await sendRequest(client, raw);
      const ex: Exchange = {
        sent: escapeBytes(raw),
        response: await readResponse(client, { sent: escapeBytes(raw), server: server() }),
        server: server(),
      };
      expectJson(
        ex,
        200,
        { waited: true },
        "Abort the signal only when the client leaves, never when the request ends normally.",
      );
      await probeUntil(
        server(),
        key,
        (events) => recorded(events, { finished: "not aborted" }),
        "the handler finishing with its signal not aborted",
        SIGNAL_HINT,
      );
    } finally {
      client.close();
    }
  });

  test.each(LEAVING)(
    "a client that %s halfway through its upload: the handler's read fails and its signal is aborted",
    async (how, leave) => {
      const key = `upload-${how.slice(-4, -1)}-${Date.now()}`;
      const head = `POST /abort/upload/${key} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n`;
      const client = await TcpClient.open(server());
      await sendRequest(client, Buffer.concat([Buffer.from(head, "latin1"), Buffer.alloc(100_000, 0x62)]));
      await probeUntil(
        server(),
        key,
        (events) => recorded(events, "reading"),
        "the handler reading the first piece of the body",
        "A streaming route's handler reads request.stream() while the body arrives.",
      );
      leave(client.socket);
      await probeUntil(
        server(),
        key,
        (events) => recorded(events, { failed: 400, aborted: true }),
        `the handler's read failing (HttpError 400) with request.signal aborted, once the client ${how}`,
        "A body cut off by the client fails the BodyStream (a BodyError, 400, which request.stream() rethrows as HttpError) and aborts the request's signal.",
      );
    },
  );
});
