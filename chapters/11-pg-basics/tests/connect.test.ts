// Stage 11.1: a session with the server. connect() opens it on the database of the URL and names
// it in pg_stat_activity; close() ends it; a server that is not there, or never answers, is a
// ConnectionError in bounded time; and a session killed under an idle connection fails the next
// call instead of crashing the process.
import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { ConnectionError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectRejection, expectValue, openConnection, rowsOf, useDatabase, within, withWitness } from "./sql.ts";

/** The connect timeout the checks configure: short, so a check of it is quick. */
const CONNECT_TIMEOUT_MS = 400;
/** How much later than its timeout a connect may give up, on a machine busy with other work. */
const TIMEOUT_SLACK_MS = 2_000;
/** How long a backend may take to leave pg_stat_activity once its session ends. */
const BACKEND_EXIT_MS = 3_000;

const SESSION_SQL = "SELECT current_database() AS db, pg_backend_pid()::text AS pid";

async function backendOf(url: string, pid: string): Promise<{ datname: string; application_name: string } | undefined> {
  return withWitness(url, async (client) => {
    const { rows } = await client.query<{ datname: string; application_name: string }>(
      "SELECT datname, application_name FROM pg_stat_activity WHERE pid = $1::int",
      [pid],
    );
    return rows[0];
  });
}

async function waitForBackendExit(url: string, pid: string): Promise<boolean> {
  const until = Date.now() + BACKEND_EXIT_MS;
  while (Date.now() < until) {
    if (!(await backendOf(url, pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function listening(server: Server): Promise<number> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

await stageWith([postgres], "11.1", (service) => {
  const db = useDatabase(service, "connect");

  test("connects to the database named in the URL, as a session named tinyorm in pg_stat_activity", async () => {
    const connection = await openConnection(db().url);
    try {
      const [row] = await rowsOf(connection, SESSION_SQL);
      expectValue(SESSION_SQL, db().name, row?.db, "Pass the URL to pg.Client as its connectionString.");
      const backend = await backendOf(db().url, String(row?.pid));
      expectValue(
        "SELECT application_name FROM pg_stat_activity WHERE pid = <your session's pid>   (from the checks' own client)",
        "tinyorm",
        backend?.application_name,
        "Give pg.Client application_name: options.applicationName ?? DEFAULT_APPLICATION_NAME.",
      );
    } finally {
      await connection.close().catch(() => undefined);
    }
  });

  test("applicationName names the session", async () => {
    const connection = await openConnection(db().url, { applicationName: "billing-worker" });
    try {
      const [row] = await rowsOf(connection, SESSION_SQL);
      const backend = await backendOf(db().url, String(row?.pid));
      expectValue(
        'connect({ url, applicationName: "billing-worker" }), then pg_stat_activity.application_name of its session',
        "billing-worker",
        backend?.application_name,
      );
    } finally {
      await connection.close().catch(() => undefined);
    }
  });

  test("close() ends the session on the server, and a query after it fails with ConnectionError", async () => {
    const connection = await openConnection(db().url);
    const [row] = await rowsOf(connection, SESSION_SQL);
    const pid = String(row?.pid);
    await within("close()", connection.close());
    if (!(await waitForBackendExit(db().url, pid)))
      throw new CheckFailure("the session is still open on the server after close()", {
        sent: "close()",
        expected: `backend ${pid} gone from pg_stat_activity within ${BACKEND_EXIT_MS} ms`,
        received: "it is still there",
        hint: "close() must end the client: await client.end() sends Terminate and closes the socket.",
      });
    await expectRejection(
      'close(), then query("SELECT 1")',
      ConnectionError,
      () => connection.query("SELECT 1"),
      "Remember that the connection is closed, and refuse later calls with a ConnectionError.",
    );
  });

  test("a port where no server listens: connect() fails with ConnectionError naming host and port", async () => {
    const server = createServer();
    const port = await listening(server);
    server.close();
    await once(server, "close");
    const url = `postgresql://postgres@127.0.0.1:${port}/nothing_here`;
    const error = await expectRejection(
      `connect({ url: "${url}" })`,
      ConnectionError,
      () => openConnection(url),
      "Catch what client.connect() throws: an error without a SQLSTATE (ECONNREFUSED) becomes a ConnectionError.",
    );
    if (!error.message.includes(`127.0.0.1:${port}`))
      throw new CheckFailure("the ConnectionError does not say where it tried to connect", {
        sent: `connect({ url: "${url}" })`,
        expected: `a message naming 127.0.0.1:${port}`,
        received: error.message,
        hint: "Say where, and why: could not connect to 127.0.0.1:5432: connect ECONNREFUSED 127.0.0.1:5432.",
      });
  });

  test(`a server that accepts and never answers: connect() gives up after connectTimeoutMs (${CONNECT_TIMEOUT_MS} ms) and hangs up`, async () => {
    const sockets: Socket[] = [];
    const closed: Promise<unknown>[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      closed.push(once(socket, "close"));
      socket.on("error", () => undefined);
      // Read (and ignore) the startup message, so the client's hang-up is seen.
      socket.resume();
    });
    const port = await listening(server);
    const url = `postgresql://postgres@127.0.0.1:${port}/silent`;
    const sent = `connect({ url: "${url}", connectTimeoutMs: ${CONNECT_TIMEOUT_MS} }) to a server that never answers`;
    const started = Date.now();
    try {
      await expectRejection(
        sent,
        ConnectionError,
        () =>
          within(
            sent,
            openConnection(url, { connectTimeoutMs: CONNECT_TIMEOUT_MS }),
            CONNECT_TIMEOUT_MS + TIMEOUT_SLACK_MS,
          ),
        "Pass connectionTimeoutMillis to pg.Client: without it, connect() waits for ever.",
      );
      const elapsed = Date.now() - started;
      if (elapsed > CONNECT_TIMEOUT_MS + TIMEOUT_SLACK_MS)
        throw new CheckFailure("connect() gave up, but long after its timeout", {
          sent,
          expected: `a ConnectionError after about ${CONNECT_TIMEOUT_MS} ms`,
          received: `one after ${elapsed} ms`,
        });
      const hungUp = await Promise.race([
        Promise.all(closed).then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), TIMEOUT_SLACK_MS)),
      ]);
      if (!hungUp)
        throw new CheckFailure("the socket to the silent server is still open after connect() gave up", {
          sent,
          expected: "the connection closed when connect() failed",
          received: `${sockets.filter((s) => !s.destroyed).length} socket(s) still open`,
        });
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  test("a session killed while idle (pg_terminate_backend) does not crash the process; the next query fails with ConnectionError", async () => {
    const connection = await openConnection(db().url);
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on("uncaughtExceptionMonitor", record);
    try {
      const [row] = await rowsOf(connection, SESSION_SQL);
      const pid = String(row?.pid);
      await withWitness(db().url, (client) => client.query("SELECT pg_terminate_backend($1::int)", [pid]));
      await waitForBackendExit(db().url, pid);
      // The driver reads the server's goodbye on its own time: give it a moment to arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (uncaught.length > 0)
        throw new CheckFailure("the killed session crashed the process", {
          sent: "SELECT pg_terminate_backend(<your session's pid>)   (from the checks' own client)",
          expected: "nothing until the next call, which fails",
          received: `an uncaught exception: ${String(uncaught[0])}`,
          hint: "pg.Client reports a lost session as an 'error' event; an EventEmitter with no 'error' listener throws. Listen, and remember it.",
        });
      await expectRejection(
        'query("SELECT 1") on the killed session',
        ConnectionError,
        () => connection.query("SELECT 1"),
        "In the 'error' listener, remember a ConnectionError; the next call throws it.",
      );
    } finally {
      process.off("uncaughtExceptionMonitor", record);
      await connection.close().catch(() => undefined);
    }
  });
});
