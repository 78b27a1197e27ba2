// The application the server runs until chapter 05 brings a router: hello world for every GET
// and HEAD, as before, and a few POST endpoints that make bodies visible from outside — the
// checks of this chapter, and you with curl, talk to these.
//
//   POST /echo              the body back, with the request's Content-Type
//   POST /inspect           what arrived, as JSON: the body's size and the chunked trailers
//   POST /stream?bytes=N    N bytes, produced 16 KiB at a time and sent chunked
//   POST /slow?ms=N         the body back, N ms later (an asynchronous handler)
//   POST /count/KEY         how many whole requests reached this handler for KEY
//   POST /fail              a handler that throws: the server answers 500
import type { Handler } from "./handler.ts";
import { helloWorld } from "./hello-world.ts";
import type { HttpRequest } from "./request.ts";
import { headerValues } from "./request-head.ts";
import type { HttpResponse } from "./response-writer.ts";

/** The size of each piece /stream produces: one socket write, well under the 64 KiB socket chunk. */
const STREAM_PIECE_BYTES = 16 * 1024;
/** The longest /slow waits: enough to overlap with pipelined requests, short enough for a check. */
const MAX_SLOW_MS = 5_000;

const counts = new Map<string, number>();

export const defaultApp: Handler = async (request) => {
  const { head } = request;
  const [path = "", query = ""] = head.target.split("?", 2);
  if (head.method !== "POST") return helloWorld(head);
  const params = new URLSearchParams(query);
  if (path === "/echo") return echo(request);
  if (path === "/inspect")
    return json({ bodyBytes: request.body.length, trailers: request.trailers.map((f) => [f.name, f.value]) });
  if (path === "/stream") {
    const bytes = Number(params.get("bytes") ?? "0");
    if (!Number.isSafeInteger(bytes) || bytes < 0) return helloWorld(head);
    return { status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: alphabet(bytes) };
  }
  if (path === "/slow") {
    const ms = Math.min(MAX_SLOW_MS, Number(params.get("ms") ?? "0") || 0);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return echo(request);
  }
  if (path.startsWith("/count/")) {
    const key = path.slice("/count/".length);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    return { status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: String(count) };
  }
  if (path === "/fail") throw new Error("this handler always fails");
  return helloWorld(head);
};

function echo(request: HttpRequest): HttpResponse {
  const [type = "application/octet-stream"] = headerValues(request.head, "content-type");
  return { status: 200, headers: [["Content-Type", type]], body: request.body };
}

function json(value: unknown): HttpResponse {
  return { status: 200, headers: [["Content-Type", "application/json"]], body: JSON.stringify(value) };
}

/** "abc…z" repeated, one letter longer than a piece: any piece is a slice of it. */
const LETTERS = Buffer.from(Array.from({ length: STREAM_PIECE_BYTES + 26 }, (_, i) => 0x61 + (i % 26)));

/**
 * `total` bytes of "abc…xyzabc…", one piece at a time. A generator produces the next piece only
 * when the writer asks for it, so a slow reader pauses the producer instead of filling memory.
 */
async function* alphabet(total: number): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += STREAM_PIECE_BYTES) {
    const start = sent % 26;
    yield LETTERS.subarray(start, start + Math.min(STREAM_PIECE_BYTES, total - sent));
  }
}
