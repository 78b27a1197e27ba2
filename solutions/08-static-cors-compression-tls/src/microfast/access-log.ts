// The access log: one line of JSON per request, written once its response has gone out.
//
//   {"time":"2025-03-01T09:30:12.345Z","method":"GET","path":"/static/app.js","status":200,
//    "bytes":5123,"durationMs":3.187,"requestId":"7f1c2a9e-…"}
//
// One JSON object per line is what log shippers (Vector, Fluent Bit, Loki's promtail) read
// without a parsing rule, and JSON.stringify escapes every quote and control character, so a
// path crafted to hold a line break cannot forge a second entry (log injection, CWE-117). The
// path is logged without its query: query strings carry tokens and e-mail addresses. The
// request id is chapter 07's, the one the response carries in X-Request-ID, so one search finds
// a request's access line and every log line written while it was handled.
//
// What the app answers is what is logged: the status after every middleware and error handler,
// and the bytes of the body as sent — compressed, if it was. A request the server refuses
// before the app sees it (400, 408, 413, 431) is not in this log.
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { endsWithHead, isStreamed, keepLength, type StreamedBody, toBytes } from "../http/response-writer.ts";
import { requestId } from "./context.ts";
import type { Request } from "./request.ts";
import type { Response } from "./response.ts";

export interface AccessLogEntry {
  /** When the request reached the app, ISO 8601 in UTC. */
  readonly time: string;
  readonly method: string;
  /** The path as the client sent it, still percent-encoded, without the query. */
  readonly path: string;
  readonly status: number;
  /** Bytes of the body handed to the connection; 0 for HEAD, 204 and 304. */
  readonly bytes: number;
  /** From the request reaching the app to the last byte of its body handed to the connection. */
  readonly durationMs: number;
  /** The request's id (context.ts): the X-Request-ID it came with, if valid, or a new one. */
  readonly requestId?: string;
}

export class AccessLog {
  private readonly out: Writable;

  /** `destination`: a file to append to, or a stream. */
  constructor(destination: string | Writable) {
    this.out = typeof destination === "string" ? createWriteStream(destination, { flags: "a" }) : destination;
    // A log that cannot be written must not take the server down with it.
    this.out.on("error", (error) => console.error("microfast: the access log cannot be written:", error));
  }

  /**
   * Logs `response` to `request` once its body is sent, and returns it. `started` is when the
   * request reached the app, in performance.now() time. A streamed body is counted as the
   * connection reads it, and logged when it ends — its last piece sent, or its client gone.
   */
  record(request: Request, response: Response, started: number): Response {
    // Taken now: a streamed body ends outside the request's context.
    const id = requestId();
    const write = (bytes: number): void => {
      const entry: AccessLogEntry = {
        time: new Date(performance.timeOrigin + started).toISOString(),
        method: request.method,
        path: request.encodedPath,
        status: response.status,
        bytes,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        ...(id === undefined ? {} : { requestId: id }),
      };
      this.out.write(`${JSON.stringify(entry)}\n`);
    };
    const { body } = response;
    // No body goes out for these, whatever the response holds (RFC 9110 §9.3.2, §15.3.5, §15.4.5).
    if (request.method === "HEAD" || endsWithHead(response.status)) write(0);
    else if (isStreamed(body)) response.body = counted(body, write);
    else write(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
    return response;
  }
}

/** `body`, counting the bytes the connection takes from it; `done` gets the count when it ends. */
function counted(body: StreamedBody, done: (bytes: number) => void): StreamedBody {
  const stream = {
    async *[Symbol.asyncIterator]() {
      let bytes = 0;
      try {
        for await (const piece of body) {
          bytes += toBytes(piece).byteLength;
          yield piece;
        }
      } finally {
        done(bytes);
      }
    },
  };
  // A file keeps its known length, and with it its Content-Length.
  return keepLength(stream, body);
}
