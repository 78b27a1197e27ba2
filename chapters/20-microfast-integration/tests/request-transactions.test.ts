// Stage 20.2: a transaction per request. The ledger app (fixtures/ledger.ts) is served by your
// plugin; what a request committed is read by the checks' own client, what ran where from the
// pids and transaction ids the handlers report (pg_backend_pid(), pg_current_xact_id_if_assigned()).
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { LEDGER_TABLES, ledgerApp } from "./fixtures/ledger.ts";
import { expectEqual, expectStatus, expectThat, send, useServedApp, witnessRows } from "./http.ts";

const ROLLBACK_HINT =
  "Run the request as DB.transaction()'s callback; microfast's inner error layer turns a thrown error into a response before your middleware sees it, so an answer of 400 or more must leave the callback as a throw.";

await stageWith([postgres], "20.2", (service) => {
  const { db, base, app } = useServedApp(service, "request_transactions", LEDGER_TABLES, ledgerApp);

  async function labels(...wanted: string[]): Promise<string[]> {
    const rows = await witnessRows(db().url, "SELECT label FROM entries WHERE label = ANY($1) ORDER BY label", [
      wanted,
    ]);
    return rows.map((row) => String(row.label));
  }

  test("a POST that succeeds is committed before its answer: both rows are there when the 201 arrives", async () => {
    const answer = await send(base(), "POST", "/pair", { first: "ok-1", second: "ok-2" });
    expectStatus(answer, 201);
    expectEqual(
      `${answer.sent} answered 201; then SELECT label FROM entries`,
      ["ok-1", "ok-2"],
      await labels("ok-1", "ok-2"),
      "The response goes out after COMMIT: return the response from the transaction's callback, and await DB.transaction().",
    );
  });

  test("a handler that throws after its first write: 500, and the first write is rolled back", async () => {
    const answer = await send(base(), "POST", "/pair", { first: "thrown-1", second: "thrown-2", fail: "throw" });
    expectStatus(answer, 500);
    expectEqual(
      `${answer.sent} — the handler writes thrown-1, then throws; then SELECT label FROM entries`,
      [],
      await labels("thrown-1", "thrown-2"),
      ROLLBACK_HINT,
    );
  });

  test("a handler that throws an HttpError after its first write: its 404 goes out, and the write is rolled back", async () => {
    const answer = await send(base(), "POST", "/pair", { first: "answered-1", second: "answered-2", fail: "answer" });
    expectStatus(answer, 404);
    expectEqual(
      `${answer.sent} — the handler writes answered-1, then throws HttpError(404); then SELECT label FROM entries`,
      [],
      await labels("answered-1", "answered-2"),
      ROLLBACK_HINT,
    );
  });

  test("every query of a POST runs on one session in one transaction: in a helper, in Promise.all, after a timer", async () => {
    const answer = await send(base(), "POST", "/session");
    expectStatus(answer, 200);
    const body = answer.body as { inTransaction: boolean; pids: number[]; xids: string[] };
    const onePid = new Set(body.pids).size === 1;
    const oneXid = body.xids.length === 2 && body.xids[0] === body.xids[1] && body.xids[0] !== "null";
    expectThat(
      `${answer.sent} — the handler reports pg_backend_pid() four times and its transaction id twice`,
      body.inTransaction && onePid && oneXid,
      "DB.currentTransaction() set, one pid, one transaction id",
      body,
      "Call next() inside DB.transaction()'s callback: chapter 15's AsyncLocalStorage then carries the transaction into everything the handler starts.",
    );
  });

  test("a GET runs outside any transaction (a safe method, RFC 9110 §9.2.1)", async () => {
    const answer = await send(base(), "GET", "/session");
    expectStatus(answer, 200);
    expectEqual(
      `${answer.sent} — the handler reports whether DB.currentTransaction() is set`,
      { inTransaction: false },
      answer.body,
      "GET, HEAD, OPTIONS and TRACE only read: return next() for them, with no transaction around it.",
    );
  });

  test("two requests in flight have a transaction each: one's failure does not undo the other's writes", async () => {
    const held = send(base(), "POST", "/held/apart", undefined, 15_000);
    await app().gates.gate("apart written").passed();
    try {
      const other = await send(base(), "POST", "/pair", { first: "beside-1", second: "beside-2" });
      expectStatus(other, 201);
      expectEqual(
        "POST /held/apart holds its transaction open, uncommitted; meanwhile POST /pair answered 201; SELECT label FROM entries",
        ["beside-1", "beside-2"],
        await labels("apart", "beside-1", "beside-2"),
        "Each request's writes are its own: the held one is not committed yet, the other one is.",
      );
      // The held request's second write now collides with a row committed meanwhile: it fails (409).
      await witnessRows(db().url, "INSERT INTO entries (label) VALUES ('apart-2')");
    } finally {
      // A failed check must not leave the request holding its transaction open.
      app().gates.gate("apart go on").open();
    }
    const refused = await held;
    expectThat(
      `${refused.sent} — its second write, apart-2, collides with a committed row`,
      refused.status >= 400,
      "an error answer",
      `${refused.status} ${refused.text.slice(0, 200)}`,
    );
    expectEqual(
      "then POST /held/apart went on, and its second write (apart-2) was refused; SELECT label FROM entries",
      ["beside-1", "beside-2"],
      await labels("apart", "beside-1", "beside-2"),
      "The failed request's first write (apart) is rolled back with it; the other request's writes stay.",
    );
  });
});
