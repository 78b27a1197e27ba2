// Turns whatever a failed test threw into a TestFailure the learner can act on.
import type { TestFailure } from "./result.ts";

interface ThrownShape {
  name?: string;
  message?: string;
  kind?: string;
  sent?: string;
  expected?: unknown;
  received?: string;
  actual?: unknown;
  hint?: string;
  stack?: string;
}

const TODO_PATTERN = /TODO\(\d\d\)|not implemented/i;

export function classifyFailure(error: ThrownShape): TestFailure {
  const message = (error.message ?? String(error)).trim();
  if (error.name === "CheckFailure") {
    return {
      class: error.kind === "timeout" || error.kind === "exited" ? error.kind : "check",
      message,
      ...(error.sent !== undefined ? { sent: error.sent } : {}),
      expected: String(error.expected),
      ...(error.received !== undefined ? { received: error.received } : {}),
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
    };
  }
  if (error.name === "AssertionError") {
    return {
      class: "check",
      message: firstLine(message),
      ...(error.expected !== undefined ? { expected: show(error.expected) } : {}),
      ...(error.actual !== undefined ? { received: show(error.actual) } : {}),
    };
  }
  if (TODO_PATTERN.test(message)) return { class: "todo", message: firstLine(message) };
  if (/^Test timed out in/.test(message) || /Hook timed out/.test(message)) {
    return { class: "runner-timeout", message: firstLine(message) };
  }
  const where = error.stack
    ?.split("\n")
    .find((line) => /^\s+at /.test(line))
    ?.trim();
  return { class: "crash", message: `${error.name ?? "Error"}: ${firstLine(message)}${where ? ` (${where})` : ""}` };
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
