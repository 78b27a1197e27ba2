// Stage 20.5: when the database fails under a request. The checks kill the request's own
// session with pg_terminate_backend() while its statement runs, or between two of its
// statements, and hold the pool's only connection while another request waits for one. Each
// time the answer must be 503 with Retry-After in microfast's {"detail": …} shape, nothing the
// request wrote may be kept, and the next request must be served again.
import { type DatabaseOptions, DB } from "@lab/src/tinyorm/index.ts";
import { afterAll, test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { useDatabase } from "../../11-pg-basics/tests/sql.ts";
import { LEDGER_TABLES, type Ledger, ledgerApp } from "./fixtures/ledger.ts";
import {
  type Answer,
  databaseOptions,
  expectEqual,
  expectError,
  expectStatus,
  expectThat,
  run,
  send,
  startServer,
  terminate,
  witnessRows,
} from "./http.ts";

/** A pool whose caller gives up soon: the exhausted-pool check waits this long for its 503. */
const ACQUIRE_TIMEOUT_MS = 300;

const UNAVAILABLE_HINT =
  "ConnectionError, class 57 (OperatorIntervention: 57P01 is a killed backend), class 40, PoolTimeoutError and PoolClosedError mean the database could not do the work now: 503 with Retry-After (RFC 9110 §15.6.4, §10.2.3).";

/** 503, {"detail": …}, and Retry-After a whole number of seconds. */
function expectUnavailable(answer: Answer): void {
  expectError(answer, 503, UNAVAILABLE_HINT);
  const retryAfter = answer.headers.get("retry-after");
  expectThat(
    answer.sent,
    retryAfter !== null && /^\d+$/.test(retryAfter) && Number(retryAfter) >= 1,
    "a Retry-After header: a whole number of seconds, at least 1",
    `Retry-After: ${retryAfter}`,
    "Retry-After tells a client when sending the same request again makes sense (RFC 9110 §10.2.3): RETRY_AFTER_SECONDS.",
  );
}

await stageWith([postgres], "20.5", (service) => {
  const db = useDatabase(service, "faults", LEDGER_TABLES);
  const session = `tinyorm-20-faults-${process.pid}`;
  const started: Ledger[] = [];
  afterAll(async () => {
    for (const ledger of started) await ledger.lifecycle.stop().catch(() => undefined);
    await DB.close().catch(() => undefined);
  });

  async function served(pool: DatabaseOptions["pool"] = { max: 3 }): Promise<{ ledger: Ledger; base: string }> {
    for (const ledger of started.splice(0)) await ledger.lifecycle.stop().catch(() => undefined);
    await DB.close().catch(() => undefined);
    const ledger = await run("tinyorm(app, { database })", () => ledgerApp(databaseOptions(db(), session, pool)));
    started.push(ledger);
    return { ledger, base: await startServer(ledger.lifecycle) };
  }

  async function labels(...wanted: string[]): Promise<string[]> {
    const rows = await witnessRows(db().url, "SELECT label FROM entries WHERE label = ANY($1) ORDER BY label", [
      wanted,
    ]);
    return rows.map((row) => String(row.label));
  }

  test("a backend killed while the request's statement runs: 503 with Retry-After, and its earlier write is not kept", async () => {
    const { ledger, base } = await served();
    const sleepy = send(base, "POST", "/sleepy/killed-mid", undefined, 15_000);
    await ledger.gates.gate("killed-mid written").passed();
    await terminate(db().url, ledger.gates.pids.get("killed-mid") ?? -1);
    const answer = await sleepy;
    expectUnavailable(answer);
    expectEqual(
      `${answer.sent} — it wrote killed-mid, then its session was killed during SELECT pg_sleep(); SELECT label FROM entries`,
      [],
      await labels("killed-mid"),
      "The request ran in a transaction: the server rolls back a session it ends, and nothing of it may be committed.",
    );
    const next = await send(base, "POST", "/entries", { label: "after-kill" });
    expectStatus(
      next,
      201,
      "The pool drops the dead connection (chapter 14), so the next request gets a live one and succeeds.",
    );
  });

  test("a backend killed between two statements of a request: 503 with Retry-After, and neither write is kept", async () => {
    const { ledger, base } = await served();
    const held = send(base, "POST", "/held/killed-between", undefined, 15_000);
    await ledger.gates.gate("killed-between written").passed();
    await terminate(db().url, ledger.gates.pids.get("killed-between") ?? -1);
    ledger.gates.gate("killed-between go on").open();
    const answer = await held;
    expectUnavailable(answer);
    expectEqual(
      `${answer.sent} — it wrote killed-between, its session was killed, then it wrote again; SELECT label FROM entries`,
      [],
      await labels("killed-between", "killed-between-2"),
    );
    expectStatus(await send(base, "GET", "/count"), 200, "After the failure the app serves requests again.");
  });

  test("no connection free within the pool's acquire timeout: 503 with Retry-After, and the pool serves again once one is", async () => {
    const { ledger, base } = await served({ max: 1, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS });
    const held = send(base, "POST", "/held/hog", undefined, 15_000);
    await ledger.gates.gate("hog written").passed();
    try {
      expectUnavailable(await send(base, "GET", "/count"));
    } finally {
      // Let the hog finish either way: a failed check must not leave it holding the connection
      // (and the app's shutdown waiting for it).
      ledger.gates.gate("hog go on").open();
    }
    expectStatus(await held, 201);
    expectStatus(
      await send(base, "GET", "/count"),
      200,
      "Once the connection is back in the pool, requests are served again.",
    );
  });

  test("the cause is not shown to the client: the 503's detail holds no SQL and no server message", async () => {
    const { ledger, base } = await served();
    const sleepy = send(base, "POST", "/sleepy/quiet", undefined, 15_000);
    await ledger.gates.gate("quiet written").passed();
    await terminate(db().url, ledger.gates.pids.get("quiet") ?? -1);
    const answer = await sleepy;
    const detail = expectError(answer, 503, UNAVAILABLE_HINT);
    expectThat(
      answer.sent,
      typeof detail === "string" && !/pg_sleep|terminat|administrator|SELECT/i.test(detail),
      'a "detail" string of your own, without the server\'s message or the statement',
      answer.text,
      "The error goes to the log (log.warn, with the request's id); the client learns only that it may try again (CWE-209).",
    );
  });
});
