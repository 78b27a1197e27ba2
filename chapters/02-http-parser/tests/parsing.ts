// Runs the lab's parser in-process and reduces its events to something comparable and
// printable, for the table, split and fuzz checks.
import type { ParseEvent } from "@lab/src/http/request-head.ts";
import { RequestParser } from "@lab/src/http/request-parser.ts";

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
      return { type: "head", method, target, version: [version.major, version.minor], headers: headers.map((f) => [f.name, f.value]) };
    }
    case "error":
      return { type: "error", status: event.error.status, reason: event.error.reason };
    default:
      return { type: event.type };
  }
}

/** The same events, whatever the reasons say. */
export function sameEvents(a: readonly Seen[], b: readonly Seen[]): boolean {
  const key = (events: readonly Seen[]) => JSON.stringify(events.map((e) => (e.type === "error" ? { type: e.type, status: e.status } : e)));
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
