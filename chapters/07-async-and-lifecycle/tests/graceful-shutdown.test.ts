// Stage 07.8: graceful shutdown. On SIGTERM or SIGINT (app.run wires both), or app.close(),
// the app stops accepting connections, closes idle keep-alive connections at once, answers the
// requests in progress — with Connection: close — then closes their connections, waits for the
// background tasks, and exits. Whatever is still running after the shutdown timeout is cut off.
// Each check starts its own server: it ends with the process. The app writes what happens to a
// file (tests/apps/lifecycle.ts), read once the process has gone.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { readResponse, saysClose, sendRequest } from "../../../shared/check/http-client.ts";
import { type LabServer, sleep, startLabServer } from "../../../shared/check/lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { type Exchange, expectJson, fail, LIFECYCLE_APP } from "./exchange.ts";

/** The app's shutdown timeout where a check waits for requests to finish: far more than they take. */
const GENEROUS_TIMEOUT_MS = 8_000;
/** The app's shutdown timeout where a check waits for it to run out. */
const SHORT_TIMEOUT_MS = 1_000;
/** How long the request in progress takes: idle connections must be closed well before it ends. */
const SLOW_MS = 1_200;
/** How long the background task left before the signal takes: longer than the request in progress. */
const TASK_MS = SLOW_MS + 800;
/** How long a process may take to exit once nothing holds it: the close of its last socket, the exit itself. */
const EXIT_GRACE_MS = 4_000;
/** The signals app.run() shuts down on; as a quick regression, SIGTERM alone. */
const SIGNALS = sized("07.8", { full: ["SIGTERM", "SIGINT"] as const, quick: ["SIGTERM"] as const });

const SHUTDOWN_HINT =
  "HttpServer.shutdown(): close() the listener, drain() every connection — an idle one closes now, a busy one after its response, which says Connection: close — and destroy() what is left after the timeout.";

interface Mark {
  readonly at: number;
  readonly event: string;
}

/** A server of the lifecycle app, writing its marks to a fresh file. */
async function lifecycleServer(
  shutdownTimeoutMs: number,
): Promise<{ server: LabServer; marks: () => Mark[]; cleanUp: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "trilogy-07-"));
  const file = join(dir, "marks");
  const server = await startLabServer(LIFECYCLE_APP, {
    MARKS_FILE: file,
    SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
  });
  const marks = (): Mark[] => {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      // nothing marked yet
    }
    return text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => ({ at: Number(line.slice(0, line.indexOf(" "))), event: line.slice(line.indexOf(" ") + 1) }));
  };
  const cleanUp = async (): Promise<void> => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { server, marks, cleanUp };
}

async function markUntil(marks: () => Mark[], event: string, ms: number, hint: string): Promise<Mark> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = marks().find((mark) => mark.event === event);
    if (found) return found;
    if (Date.now() > deadline)
      throw new CheckFailure(`the app did not get to "${event}" within ${ms} ms`, {
        kind: "timeout",
        expected: event,
        received: `only ${JSON.stringify(marks().map((m) => m.event))}`,
        hint,
      });
    await sleep(20);
  }
}

/** Waits for the process to exit with code 0; returns when it did. */
async function expectExit(server: LabServer, ms: number, hint: string): Promise<number> {
  const deadline = Date.now() + ms;
  while (!server.exitReason() && Date.now() < deadline) await sleep(20);
  const reason = server.exitReason();
  if (!reason || !/exited with code 0\b/.test(reason)) {
    throw new CheckFailure(
      reason
        ? "the app did not exit cleanly after its shutdown"
        : `the app was still running ${ms} ms after the shutdown began`,
      {
        kind: reason ? "check" : "timeout",
        expected: "the process to exit with code 0 once its connections are closed and its tasks done",
        received: reason ?? "a running process",
        hint,
      },
    );
  }
  return Date.now();
}

/** A connection attempt must be refused: the listener is closed. */
async function expectRefused(server: LabServer): Promise<void> {
  const outcome = await new Promise<string>((resolve) => {
    const socket = connect({ host: server.host, port: server.port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("the connection was accepted");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
  if (outcome !== "ECONNREFUSED") {
    throw new CheckFailure("a new connection was not refused during the shutdown", {
      expected: "ECONNREFUSED: the first step of a shutdown closes the listening socket",
      received: outcome,
      hint: SHUTDOWN_HINT,
    });
  }
}

async function request(client: TcpClient, server: LabServer, raw: string): Promise<Exchange> {
  await sendRequest(client, raw);
  return {
    sent: escapeBytes(raw),
    response: await readResponse(client, { sent: escapeBytes(raw), server, timeoutMs: GENEROUS_TIMEOUT_MS }),
    server,
  };
}

stage("07.8", () => {
  test.each(SIGNALS)(
    "on %s: new connections refused, idle ones closed at once, the request in progress answered, the background task finished, then a clean exit",
    async (signal) => {
      const { server, marks, cleanUp } = await lifecycleServer(GENEROUS_TIMEOUT_MS);
      const idle = await TcpClient.open(server);
      const busy = await TcpClient.open(server);
      try {
        const queued = await request(
          idle,
          server,
          `POST /task/mail?ms=${TASK_MS} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n`,
        );
        expectJson(queued, 200, { queued: "mail" });
        const slow = `GET /slow/busy?ms=${SLOW_MS} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
        await sendRequest(busy, slow);
        await markUntil(marks, "busy started", 5_000, "GET /slow/… starts its handler at once.");
        process.kill(server.pid, signal);
        await idle.expectClosed(`the server to close the idle keep-alive connection on ${signal}`, SLOW_MS + 2_000);
        idle.close(); // as a client does when the server closes: the server need not linger
        if (busy.pending().length > 0 || marks().some((mark) => mark.event === "busy answered")) {
          throw new CheckFailure("the idle connection was closed only after the request in progress was answered", {
            expected: "idle connections closed at once, while the slow request is still being handled",
            received: `the slow request was answered first (${JSON.stringify(marks().map((m) => m.event))})`,
            hint: "drain(): a connection with no request in progress closes right away.",
          });
        }
        await expectRefused(server);
        const ex: Exchange = {
          sent: escapeBytes(slow),
          response: await readResponse(busy, { sent: escapeBytes(slow), server, timeoutMs: GENEROUS_TIMEOUT_MS }),
          server,
        };
        expectJson(ex, 200, { slept: SLOW_MS }, SHUTDOWN_HINT);
        if (!saysClose(ex.response))
          fail(
            "the last response of a shutting-down connection does not say Connection: close",
            ex,
            "Connection: close (RFC 9112 §9.6)",
            "While draining, a response goes out with Connection: close, and the connection closes after it.",
          );
        await busy.expectClosed("the server to close the connection after its last response");
        busy.close();
        await expectExit(
          server,
          TASK_MS + EXIT_GRACE_MS,
          `app.run() listens for ${signal}: app.close(), then process.exit(0).`,
        );
        if (!marks().some((mark) => mark.event === "mail task done")) {
          throw new CheckFailure("the app exited before its background task finished", {
            expected: `the mark "mail task done", written by a task that takes ${TASK_MS} ms, before the exit`,
            received: `marks ${JSON.stringify(marks().map((m) => m.event))}`,
            hint: "app.close() awaits BackgroundWork.settled() after the connections are closed: it resolves when no task is running, or when the time is up.",
          });
        }
      } finally {
        idle.close();
        busy.close();
        await cleanUp();
      }
    },
  );

  test(`a request still running when the shutdown timeout (${SHORT_TIMEOUT_MS} ms) runs out is cut off, and the app exits`, async () => {
    const { server, marks, cleanUp } = await lifecycleServer(SHORT_TIMEOUT_MS);
    const hung = await TcpClient.open(server);
    try {
      await sendRequest(hung, "GET /hang/forever HTTP/1.1\r\nHost: localhost\r\n\r\n");
      await markUntil(marks, "forever started", 5_000, "GET /hang/… starts its handler at once.");
      const signalled = Date.now();
      process.kill(server.pid, "SIGTERM");
      await hung.expectClosed("the server to cut off the request that never ends", SHORT_TIMEOUT_MS + EXIT_GRACE_MS);
      const waited = Date.now() - signalled;
      if (waited < SHORT_TIMEOUT_MS * 0.8) {
        throw new CheckFailure(`the request in progress was cut off after ${waited} ms, before the shutdown timeout`, {
          expected: `the connection kept for ${SHORT_TIMEOUT_MS} ms, in case its request finished`,
          received: `closed after ${waited} ms`,
          hint: SHUTDOWN_HINT,
        });
      }
      await expectExit(
        server,
        EXIT_GRACE_MS,
        "After the timeout, destroy() the connections still open: then the listener's 'close' comes, and close() resolves.",
      );
    } finally {
      hung.close();
      await cleanUp();
    }
  });

  test("app.close() resolves once the requests in progress are answered and the background tasks are done; the process then ends by itself", async () => {
    const { server, marks, cleanUp } = await lifecycleServer(GENEROUS_TIMEOUT_MS);
    const tasks = await TcpClient.open(server);
    const slow = await TcpClient.open(server);
    const closer = await TcpClient.open(server);
    try {
      expectJson(
        await request(
          tasks,
          server,
          "POST /task/report?ms=300 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
        ),
        200,
        { queued: "report" },
      );
      const slowRaw = `GET /slow/last?ms=${SLOW_MS / 2} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
      await sendRequest(slow, slowRaw);
      await markUntil(marks, "last started", 5_000, "GET /slow/… starts its handler at once.");
      const closing = await request(
        closer,
        server,
        "POST /close HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
      );
      expectJson(closing, 200, { closing: true });
      tasks.close();
      closer.close();
      const answered: Exchange = {
        sent: escapeBytes(slowRaw),
        response: await readResponse(slow, { sent: escapeBytes(slowRaw), server, timeoutMs: GENEROUS_TIMEOUT_MS }),
        server,
      };
      expectJson(answered, 200, { slept: SLOW_MS / 2 }, SHUTDOWN_HINT);
      slow.close();
      await expectExit(
        server,
        GENEROUS_TIMEOUT_MS,
        "Once close() is done nothing holds the process: no listener, no socket, no timer.",
      );
      const order = marks().map((mark) => mark.event);
      const closed = order.indexOf("closed");
      if (closed === -1 || closed < order.indexOf("report task done") || closed < order.indexOf("last answered")) {
        throw new CheckFailure("app.close() resolved before the app was done", {
          expected: '"closed" marked after "last answered" and "report task done"',
          received: `marks in order: ${JSON.stringify(order)}`,
          hint: "close(): await the server's shutdown (every connection closed), then the background tasks; resolve only then.",
        });
      }
    } finally {
      for (const client of [tasks, slow, closer]) client.close();
      await cleanUp();
    }
  });
});
