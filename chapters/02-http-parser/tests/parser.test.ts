// Stages 02.1 and 02.2: the parser, in-process, on the request table. Each row is raw bytes
// and what the parser must make of them: a head with these parts, or an error with this status.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { stage } from "../../../shared/check/stage.ts";
import { parse, showEvents, type Seen } from "./parsing.ts";
import { HEADER_CASES, REQUEST_LINE_CASES, isAccepted, type Accepted, type Rejected, type RequestCase } from "./request-cases.ts";

function events(row: RequestCase): Seen[] {
  return parse([Buffer.from(row.raw, "latin1")], row.endsEarly);
}

function sent(row: RequestCase): string {
  return escapeBytes(row.raw) + (row.endsEarly ? ", then finish() (the client half-closed)" : "");
}

function checkAccepted(row: Accepted): void {
  const got = events(row);
  const [begin, head, ...rest] = got;
  const want = row.accepts;
  const expected = `message-begin, then a head${want.method ? ` with method ${want.method}` : ""}${want.target ? ` target ${JSON.stringify(want.target.length > 80 ? `${want.target.slice(0, 60)}…` : want.target)}` : ""}${want.version ? ` version HTTP/${want.version.join(".")}` : ""}${want.headers ? ` and fields ${JSON.stringify(want.headers)}` : ""}, and nothing else`;
  const fail = (summary: string): never => {
    throw new CheckFailure(summary, { sent: sent(row), expected, received: showEvents(got), ...(row.hint ? { hint: row.hint } : {}) });
  };
  if (begin?.type !== "message-begin" || head?.type !== "head" || rest.length > 0) {
    fail(got.some((e) => e.type === "error") ? "the parser rejected a request it must accept" : "the parser did not emit message-begin and one head");
  }
  if (head?.type !== "head") return;
  if (want.method !== undefined && head.method !== want.method) fail("the parser read the wrong method");
  if (want.target !== undefined && head.target !== want.target) fail("the parser read the wrong request-target");
  if (want.version && head.version.join(".") !== want.version.join(".")) fail("the parser read the wrong HTTP version");
  if (want.headers && JSON.stringify(head.headers) !== JSON.stringify(want.headers)) {
    fail("the parser read the header fields wrong (names lower-cased, values without surrounding whitespace, in order)");
  }
}

function checkRejected(row: Rejected): void {
  const got = events(row);
  const errors = got.filter((e) => e.type === "error");
  const last = got[got.length - 1];
  const ok = errors.length === 1 && last?.type === "error" && last.status === row.rejects && !got.some((e) => e.type === "head");
  if (ok) return;
  throw new CheckFailure(
    errors.length === 0 ? "the parser accepted a request it must reject" : `the parser rejected the request with the wrong status or events`,
    {
      sent: sent(row),
      expected: `an error event with status ${row.rejects}, and no head before it or anything after it`,
      received: showEvents(got),
      ...(row.hint ? { hint: row.hint } : {}),
    },
  );
}

function tableTests(rows: RequestCase[]): void {
  for (const row of rows) {
    if (isAccepted(row)) test(`accepts ${row.what}`, () => checkAccepted(row));
    else test(`rejects ${row.what} with ${row.rejects}`, () => checkRejected(row));
  }
}

stage("02.1", () => tableTests(REQUEST_LINE_CASES));
stage("02.2", () => tableTests(HEADER_CASES));
