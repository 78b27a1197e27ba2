// Stages 02.1 and 02.2: the parser, in-process, on the request table. Each row is raw bytes
// and what the parser must make of them: a head with these parts, or an error with this status.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { stage } from "../../../shared/check/stage.ts";
import { expectedOf, parse, rowMismatch, showEvents } from "./parsing.ts";
import { HEADER_CASES, isAccepted, REQUEST_LINE_CASES, type RequestCase } from "./request-cases.ts";

function check(row: RequestCase): void {
  const got = parse([Buffer.from(row.raw, "latin1")], row.endsEarly);
  const problem = rowMismatch(row, got);
  if (!problem) return;
  throw new CheckFailure(problem, {
    sent: escapeBytes(row.raw) + (row.endsEarly ? ", then finish() (the client half-closed)" : ""),
    expected: expectedOf(row),
    received: showEvents(got),
    ...(row.hint ? { hint: row.hint } : {}),
  });
}

function tableTests(rows: RequestCase[]): void {
  for (const row of rows) {
    if (isAccepted(row)) test(`accepts ${row.what}`, () => check(row));
    else test(`rejects ${row.what} with ${row.rejects}`, () => check(row));
  }
}

stage("02.1", () => tableTests(REQUEST_LINE_CASES));
stage("02.2", () => tableTests(HEADER_CASES));
