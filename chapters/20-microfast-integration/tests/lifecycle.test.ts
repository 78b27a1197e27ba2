// Stage 20.1: the pool's lifecycle. Each check builds the ledger app (fixtures/ledger.ts) with
// your tinyorm() and starts it on a free port: the pool must be open before the port is, and
// closed only once the server has answered what it had in progress. The sessions are read from
// pg_stat_activity of the check file's database, by the application_name the app was given.
import { connect } from "node:net";
import { ConfigurationError, DB, InvalidCatalogName } from "@lab/src/tinyorm/index.ts";
import { afterAll, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stageWith } from "../../../shared/check/stage.ts";
import { freePort, LOOPBACK } from "../../../shared/services/free-port.ts";
import { postgres } from "../../../shared/services/index.ts";
import { useDatabase } from "../../11-pg-basics/tests/sql.ts";
import { LEDGER_TABLES, type Ledger, ledgerApp } from "./fixtures/ledger.ts";
import {
  databaseOptions,
  eventually,
  expectEqual,
  expectStatus,
  expectThat,
  run,
  send,
  sessionsOf,
  showError,
  startServer,
} from "./http.ts";

/** Whether anything accepts a TCP connection at `base`. */
function accepts(base: string): Promise<boolean> {
  const { port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

await stageWith([postgres], "20.1", (service) => {
  const db = useDatabase(service, "lifecycle", LEDGER_TABLES);
  const session = `tinyorm-20-lifecycle-${process.pid}`;
  const started: Ledger[] = [];
  afterAll(async () => {
    for (const ledger of started) await ledger.lifecycle.stop().catch(() => undefined);
    await DB.close().catch(() => undefined);
  });

  /** A ledger app on the check's database, started; stopped after the file if the check did not. */
  async function served(): Promise<{ ledger: Ledger; base: string }> {
    await DB.close().catch(() => undefined);
    const ledger = await run("tinyorm(app, { database })", () => ledgerApp(databaseOptions(db(), session)));
    started.push(ledger);
    return { ledger, base: await startServer(ledger.lifecycle) };
  }

  test("start() opens the pool before the server listens: a session is connected before any request", async () => {
    const { ledger, base } = await served();
    const pids = await sessionsOf(db().url, session);
    expectThat(
      `lifecycle.start() resolved; no request sent yet; sessions named ${session} in pg_stat_activity`,
      pids.length >= 1,
      "at least one: the pool's first connection, opened by start()",
      `${pids.length} sessions`,
      "start() proves the database answers (one SELECT 1 through DB) before it starts the server, so a wrong URL fails start(), not the first request.",
    );
    expectStatus(await send(base, "GET", "/count"), 200);
    await ledger.lifecycle.stop();
  });

  test("a database that does not exist fails start() with its error, and nothing listens; start() then works once fixed", async () => {
    await DB.close().catch(() => undefined);
    const missing = new URL(db().url);
    missing.pathname = "/trilogy_no_such_database";
    const wrong = await run("ledgerApp({ url: <a database that does not exist> })", () =>
      ledgerApp({ url: missing.href, applicationName: session, pool: { max: 2 } }),
    );
    started.push(wrong);
    const port = await freePort();
    const sent = `lifecycle.start({ port: ${port} }) with a URL naming a database that does not exist`;
    let outcome: unknown;
    try {
      await wrong.lifecycle.start({ host: LOOPBACK, port, handleSignals: false });
      outcome = "resolved";
    } catch (error) {
      outcome = error;
    }
    expectThat(
      sent,
      outcome instanceof InvalidCatalogName,
      "a rejection with InvalidCatalogName (3D000), the server's answer to the first connection",
      outcome instanceof Error ? showError(outcome) : String(outcome),
      "Open the pool and run one statement before app.run(): the error of the connection is the error of start().",
    );
    const listening = await accepts(`http://${LOOPBACK}:${port}`);
    expectEqual(
      `${sent}; then connect to port ${port}`,
      false,
      listening,
      "Nothing may listen when the database is unusable: a load balancer would send traffic to a server that can only fail. Start the server after the pool answered.",
    );
    let again: unknown;
    try {
      const fixed = ledgerApp(databaseOptions(db(), session));
      started.push(fixed);
      const base = await startServer(fixed.lifecycle);
      again = (await send(base, "GET", "/count")).status;
      await fixed.lifecycle.stop();
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      again = error;
    }
    expectEqual(
      "after the failed start(), a new app on the right database: start(), then GET /count",
      200,
      again instanceof Error ? showError(again) : again,
      again instanceof ConfigurationError
        ? "DB is still configured from the failed start: close it (DB.close()) before start() rethrows."
        : undefined,
    );
  });

  test("stop() first lets the server answer a request in progress — its second query included — then drains the pool", async () => {
    const { ledger, base } = await served();
    const slow = send(base, "GET", "/slow", undefined, 15_000);
    await ledger.gates.gate("slow started").passed();
    const stopping = run("lifecycle.stop()", () => ledger.lifecycle.stop());
    try {
      await eventually(
        {
          sent: "GET /slow in progress; lifecycle.stop(); connect to the server's port",
          expected: "the connection refused: the server stops accepting first",
          hint: "stop() begins with app.close(), which closes the listening socket and waits for the requests in progress.",
        },
        () => accepts(base),
        (listening) => !listening,
      );
    } finally {
      // A failed check must not leave the request waiting (and the app's shutdown waiting for it).
      ledger.gates.gate("slow go on").open();
    }
    const answer = await slow;
    expectStatus(
      answer,
      200,
      "The request was in progress when stop() was called, and its second query needs the pool: close the pool only after app.close() has resolved.",
    );
    await stopping;
    const pids = await eventually(
      {
        sent: "lifecycle.stop() resolved; sessions of the app in pg_stat_activity",
        expected: "none: the pool drained",
        hint: "After app.close(), await DB.close(): it ends the pool and every connection in it.",
      },
      () => sessionsOf(db().url, session),
      (found) => found.length === 0,
      2_000,
    );
    expectEqual("sessions of the app after stop()", [], pids);
  });

  test("after stop() DB can be configured again, and a second stop() is the same shutdown", async () => {
    const { ledger } = await served();
    const first = ledger.lifecycle.stop();
    const second = ledger.lifecycle.stop();
    expectThat(
      "lifecycle.stop() twice",
      first === second,
      "the same promise both times",
      "two different promises",
      "Keep the first shutdown's promise (this.#stopping ??= …): a second SIGTERM must not start a second shutdown.",
    );
    await run("await lifecycle.stop()", () => first);
    let configured: unknown = "configured";
    try {
      DB.configure({ url: db().url, applicationName: session });
    } catch (error) {
      configured = error;
    }
    await DB.close().catch(() => undefined);
    expectEqual(
      "lifecycle.stop(); then DB.configure({ url })",
      "configured",
      configured instanceof Error ? showError(configured) : configured,
      "stop() ends with DB.close(): the pool is gone, and DB may be configured again.",
    );
  });
});
