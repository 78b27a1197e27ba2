// Stage 20.3: database errors as HTTP answers. Each route of the ledger app (fixtures/ledger.ts)
// makes one error happen — a duplicate label, a row that is not there, a value the model or the
// table refuses — and the check reads the status and the {"detail": …} body microfast sends.
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { LEDGER_TABLES, ledgerApp } from "./fixtures/ledger.ts";
import { type Answer, expectEqual, expectError, expectStatus, expectThat, send, useServedApp } from "./http.ts";

/** The one issue of a 422's detail, as microfast's validation writes issues: { loc, msg, type }. */
function onlyIssue(answer: Answer, detail: unknown, hint: string): { loc: unknown; msg: unknown; type: unknown } {
  const issue = Array.isArray(detail) && detail.length === 1 ? (detail[0] as Record<string, unknown>) : undefined;
  expectThat(
    answer.sent,
    issue !== undefined && typeof issue.msg === "string" && Array.isArray(issue.loc),
    '{"detail": [{ "loc": [...], "msg": "...", "type": "..." }]}: one issue, in the shape of microfast\'s own 422',
    answer.text,
    hint,
  );
  return issue as { loc: unknown; msg: unknown; type: unknown };
}

await stageWith([postgres], "20.3", (service) => {
  const { base } = useServedApp(service, "error_mapping", LEDGER_TABLES, ledgerApp);

  test("a duplicate unique value (23505) is a 409 whose detail names the constraint", async () => {
    expectStatus(await send(base(), "POST", "/entries", { label: "twice" }), 201);
    const answer = await send(base(), "POST", "/entries", { label: "twice" });
    const detail = expectError(
      answer,
      409,
      "UniqueViolation is the client's conflict with what is stored, not a server error: 409 Conflict (RFC 9110 §15.5.10).",
    );
    expectThat(
      `${answer.sent} (the second time)`,
      typeof detail === "string" && detail.includes("entries_label_key"),
      'a "detail" string that names the constraint entries_label_key',
      answer.text,
      "error.constraint says which rule the row broke: a client can tell a taken username from a taken email.",
    );
  });

  test("a row that is not there is a 404: findOrNotFound() of a missing key, save() of a deleted row", async () => {
    const missing = await send(base(), "GET", "/entries/999999");
    expectEqual(
      `${missing.sent} — no entry 999999`,
      { detail: "Entry 999999 does not exist" },
      expectError(missing, 404, "findOrNotFound() throws RowNotFoundError; answer it 404 with the error's message.") &&
        missing.body,
    );
    const deleted = await send(base(), "POST", "/errors/deleted-row");
    expectError(
      deleted,
      404,
      "save() of an instance whose row was deleted meanwhile throws RowNotFoundError: the row is not there, 404.",
    );
  });

  test('a value the model refuses (ValidationError) is a 422 at ["body", field], type model_validation', async () => {
    const answer = await send(base(), "POST", "/errors/model-validation");
    const hint =
      'ValidationError has field and reason: one issue { loc: ["body", error.field], msg: error.reason, type: "model_validation" }.';
    const issue = onlyIssue(answer, expectError(answer, 422, hint), hint);
    expectEqual(`${answer.sent} — Entry.create({ label: 42 })`, ["body", "label"], issue.loc, hint);
    expectEqual(`${answer.sent} — the issue's type`, "model_validation", issue.type, hint);
  });

  test("a value the table refuses is a 422: CHECK (23514), NOT NULL (23502), text that is no integer (22P02)", async () => {
    const cases = [
      { path: "/errors/check", loc: ["body"], type: "check_violation" },
      { path: "/errors/not-null", loc: ["body", "label"], type: "not_null_violation" },
      { path: "/errors/bad-text", loc: ["body"], type: "data_exception" },
    ];
    const hint =
      "CheckViolation, NotNullViolation (its column) and every class-22 DataException are the request's content, not the server's fault: 422 with one issue.";
    for (const { path, loc, type } of cases) {
      const answer = await send(base(), "POST", path);
      const issue = onlyIssue(answer, expectError(answer, 422, hint), hint);
      expectEqual(
        `${answer.sent} — the issue's loc and type`,
        { loc, type },
        { loc: issue.loc, type: issue.type },
        hint,
      );
    }
  });

  test("anything else is a bug: a syntax error is a bare 500 that shows no SQL", async () => {
    const answer = await send(base(), "POST", "/errors/bad-sql");
    expectEqual(
      `${answer.sent} — the handler runs "SELEC label FROM entries"`,
      { status: 500, body: { detail: "Internal Server Error" } },
      { status: answer.status, body: answer.body },
      "Map the classes that mean something to a client, and no more: a SqlSyntaxError is not the client's doing, and its message must not reach it (CWE-209).",
    );
  });
});
