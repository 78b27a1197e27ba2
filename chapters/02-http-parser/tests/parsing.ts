// Runs the lab's parser in-process and reduces its events to something comparable and
// printable, for the table, split and fuzz checks; and judges events against what a row of the
// request table says they must be, so every check compares with a known answer.
import type { ParseEvent } from "@lab/src/http/request-head.ts";
import { RequestParser } from "@lab/src/http/request-parser.ts";
import { isAccepted, type RequestCase } from "./request-cases.ts";

/** An event with the parts a check compares: an error's reason is for humans, so it is left out. */
export type Seen =
  | { type: "message-begin" }
  | { type: "head"; method: string; target: string; version: [number, number]; headers: [string, string][] }
  | { type: "error"; status: number; reason: string };

/** Feeds `pieces` one push() each, then finish() when the client half-closed. */
export function parse(pieces: readonly Buffer[], endsEarly = false): Seen[] {
  const parser = new RequestParser();
  const events: ParseEvent[] = [];
  for (const piece of pieces) events.push(...parser.push(piece));
  if (endsEarly) events.push(...parser.finish());
  return events.map(seen);
}

function seen(event: ParseEvent): Seen {
  switch (event.type) {
    case "head": {
      const { method, target, version, headers } = event.head;
      return {
        type: "head",
        method,
        target,
        version: [version.major, version.minor],
        headers: headers.map((f) => [f.name, f.value]),
      };
    }
    case "error":
      return { type: "error", status: event.error.status, reason: event.error.reason };
    default:
      return { type: event.type };
  }
}

/** The same events, whatever the reasons say. */
export function sameEvents(a: readonly Seen[], b: readonly Seen[]): boolean {
  const key = (events: readonly Seen[]) =>
    JSON.stringify(events.map((e) => (e.type === "error" ? { type: e.type, status: e.status } : e)));
  return key(a) === key(b);
}

/** Events as a learner reads them: `message-begin, head GET / HTTP/1.1 {host: "a"}, error 400 (…)`. */
export function showEvents(events: readonly Seen[]): string {
  if (events.length === 0) return "no events";
  return events
    .map((e) => {
      if (e.type === "head") {
        const fields = e.headers.map(([n, v]) => `${n}: ${JSON.stringify(v)}`).join(", ");
        return `head ${e.method} ${short(e.target)} HTTP/${e.version.join(".")} {${short(fields)}}`;
      }
      if (e.type === "error") return `error ${e.status} (${e.reason})`;
      return e.type;
    })
    .join(", ");
}

function short(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 20)}…(${text.length} chars)` : text;
}

/** Cuts `bytes` at the given offsets. */
export function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [0, ...at, bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

/** What a table row says the parser must emit, in words. */
export function expectedOf(row: RequestCase): string {
  if (!isAccepted(row)) return `an error event with status ${row.rejects}, and no head before it or anything after it`;
  const want = row.accepts;
  const target = want.target && JSON.stringify(want.target.length > 80 ? `${want.target.slice(0, 60)}…` : want.target);
  return `message-begin, then a head${want.method ? ` with method ${want.method}` : ""}${target ? ` target ${target}` : ""}${want.version ? ` version HTTP/${want.version.join(".")}` : ""}${want.headers ? ` and fields ${JSON.stringify(want.headers)}` : ""}, and nothing else`;
}

/** How `events` differ from what `row` says, in a sentence; undefined when they are right. */
export function rowMismatch(row: RequestCase, events: readonly Seen[]): string | undefined {
  if (!isAccepted(row)) {
    const errors = events.filter((e) => e.type === "error");
    const last = events[events.length - 1];
    if (errors.length === 0) return "the parser accepted a request it must reject";
    const ok =
      errors.length === 1 &&
      last?.type === "error" &&
      last.status === row.rejects &&
      !events.some((e) => e.type === "head");
    return ok ? undefined : "the parser rejected the request with the wrong status or events";
  }
  const [begin, head, ...rest] = events;
  if (begin?.type !== "message-begin" || head?.type !== "head" || rest.length > 0) {
    return events.some((e) => e.type === "error")
      ? "the parser rejected a request it must accept"
      : "the parser did not emit message-begin and one head";
  }
  const want = row.accepts;
  if (want.method !== undefined && head.method !== want.method) return "the parser read the wrong method";
  if (want.target !== undefined && head.target !== want.target) return "the parser read the wrong request-target";
  if (want.version && head.version.join(".") !== want.version.join("."))
    return "the parser read the wrong HTTP version";
  if (want.headers && JSON.stringify(head.headers) !== JSON.stringify(want.headers)) {
    return "the parser read the header fields wrong (names lower-cased, values without surrounding whitespace, in order)";
  }
  return undefined;
}
