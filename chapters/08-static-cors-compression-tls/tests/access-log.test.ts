// Stage 08.7: the access log. tests/apps/access-log.ts logs to the file the checks name in
// ACCESS_LOG; each check makes requests and then reads the file, never the server's output:
// one line of JSON per request, with time, method, path, status, bytes, durationMs and the
// request's id — chapter 07's, which the response carries in X-Request-ID.
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { decodedBody, type Exchange, exchange, expectStatus, header, type RequestOptions } from "./exchange.ts";

const ACCESS_LOG_APP = checkApp("access-log");
/** How long a line may take to reach the file after its response: the write is buffered by the stream. */
const LINE_TIMEOUT_MS = 3_000;

interface Line {
  readonly [field: string]: unknown;
}

const FORMAT_HINT =
  'AccessLog.record(): one JSON.stringify({ time, method, path, status, bytes, durationMs, requestId }) + "\\n" per request; time as toISOString(), path = request.encodedPath (no query), bytes = the body\'s bytes as sent.';

/** Every line of the log that parses as JSON; a line that does not parse fails the check. */
function readLines(file: string): Line[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  // Only whole lines: the last one may be in the middle of being written.
  return text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        throw new CheckFailure("a line of the access log is not JSON", {
          expected: "one JSON object per line",
          received: line.slice(0, 300),
          hint: FORMAT_HINT,
        });
      }
    });
}

/** Waits for the lines `match` picks out; fails when none came within LINE_TIMEOUT_MS. */
async function linesFor(file: string, ex: Exchange, match: (line: Line) => boolean, count = 1): Promise<Line[]> {
  const deadline = Date.now() + LINE_TIMEOUT_MS;
  for (;;) {
    const found = readLines(file).filter(match);
    if (found.length >= count || Date.now() > deadline) {
      if (found.length !== count) {
        throw new CheckFailure(
          found.length === 0
            ? "the request left no line in the access log"
            : `the request left ${found.length} lines in the access log`,
          {
            sent: ex.sent,
            expected: `exactly ${count} line${count === 1 ? "" : "s"} for it in ${file}`,
            received:
              found.length === 0
                ? `the log holds ${readLines(file).length} lines, none for this request`
                : found.map((l) => JSON.stringify(l)).join("\n"),
            hint: FORMAT_HINT,
          },
        );
      }
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function expectField(line: Line, ex: Exchange, field: string, expected: unknown, hint = FORMAT_HINT): void {
  if (line[field] !== expected) {
    throw new CheckFailure(`the log line's ${field} is wrong`, {
      sent: ex.sent,
      expected: `"${field}": ${JSON.stringify(expected)}`,
      received: JSON.stringify(line),
      hint,
    });
  }
}

stage("08.7", () => {
  const dir = mkdtempSync(join(tmpdir(), "microfast-access-log-"));
  const file = join(dir, "access.log");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const server = useSharedLabServer(ACCESS_LOG_APP, { ACCESS_LOG: file });

  /** A request with a fresh X-Request-Id, and the one line the log must hold for it. */
  async function logged(
    method: string,
    target: string,
    options: RequestOptions = {},
  ): Promise<{ ex: Exchange; line: Line; id: string }> {
    const id = randomUUID();
    const ex = await exchange(server(), method, target, {
      ...options,
      headers: [...(options.headers ?? []), ["X-Request-Id", id]],
    });
    const [line] = await linesFor(file, ex, (l) => l.requestId === id);
    return { ex, line: line!, id };
  }

  test("writes one line per request with every field, of the right type", async () => {
    const before = Date.now();
    const { ex, line, id } = await logged("GET", "/hello");
    const after = Date.now();
    expectStatus(ex, 200);
    expectField(line, ex, "method", "GET");
    expectField(line, ex, "path", "/hello");
    expectField(line, ex, "status", 200);
    expectField(line, ex, "bytes", 13, "bytes counts the body sent: 13 for Hello, World!");
    expectField(
      line,
      ex,
      "requestId",
      id,
      "requestId is the request's id, requestId() of context.ts: here the X-Request-ID it came with.",
    );
    const time = typeof line.time === "string" ? Date.parse(line.time) : Number.NaN;
    if (
      typeof line.time !== "string" ||
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(line.time) ||
      time < before - 1_000 ||
      time > after + 1_000
    ) {
      throw new CheckFailure("the log line's time is not when the request came", {
        sent: ex.sent,
        expected: `an ISO 8601 time in UTC between ${new Date(before).toISOString()} and ${new Date(after).toISOString()}`,
        received: JSON.stringify(line),
        hint: "time: new Date(…).toISOString() of when the request reached the app.",
      });
    }
    if (typeof line.durationMs !== "number" || !(line.durationMs >= 0) || line.durationMs > after - before + 1_000) {
      throw new CheckFailure("the log line's durationMs is not a duration", {
        sent: ex.sent,
        expected: "a number of milliseconds, at least 0",
        received: JSON.stringify(line),
        hint: "durationMs: performance.now() at the end minus at the start.",
      });
    }
  });

  test("one line per request, each with its own request id, however many come at once", async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const all = await Promise.all(
      ids.map((id, i) => exchange(server(), "GET", `/items/${i}`, { headers: [["X-Request-Id", id]] })),
    );
    for (const [i, id] of ids.entries()) {
      const [line] = await linesFor(file, all[i]!, (l) => l.requestId === id);
      expectField(
        line!,
        all[i]!,
        "path",
        `/items/${i}`,
        "Each line describes its own request: keep nothing per app or per connection.",
      );
    }
  });

  test("logs errors with their status: 404 from the router, an HttpError, and a crash's 500", async () => {
    for (const [target, status] of [
      ["/nowhere", 404],
      ["/teapot", 418],
      ["/crash", 500],
    ] as const) {
      const { ex, line } = await logged("GET", target);
      expectStatus(ex, status);
      expectField(
        line,
        ex,
        "status",
        status,
        "Log the response the app answers, after every middleware and error handler: record() runs on what outermost() returns.",
      );
      expectField(line, ex, "bytes", ex.response.body.length, "bytes counts the error's JSON body too.");
    }
  });

  test("counts the bytes as sent: 0 for HEAD, the compressed size when compressed, a stream's pieces once it ends", async () => {
    const head = await logged("HEAD", "/hello");
    expectField(head.line, head.ex, "bytes", 0, "A response to HEAD sends no body: 0 bytes.");
    const big = await logged("GET", "/big", { headers: [["Accept-Encoding", "gzip"]] });
    if (decodedBody(big.ex).length <= big.ex.response.body.length)
      throw new CheckFailure("the response to compress came back uncompressed", {
        sent: big.ex.sent,
        expected: "a gzip body",
        received: `${big.ex.response.body.length} bytes`,
      });
    expectField(
      big.line,
      big.ex,
      "bytes",
      big.ex.response.body.length,
      "The log sees the response after compression: count the encoded bytes.",
    );
    const stream = await logged("GET", "/stream");
    expectField(
      stream.line,
      stream.ex,
      "bytes",
      13,
      "A streamed body's length is known only at its end: count the pieces as they go and write the line when the stream ends.",
    );
    const upload = await logged("POST", "/upload", { body: "x".repeat(100) });
    expectField(upload.line, upload.ex, "method", "POST");
    expectField(
      upload.line,
      upload.ex,
      "bytes",
      upload.ex.response.body.length,
      "bytes is what the response sent, not what the request brought.",
    );
  });

  test("measures the duration of the request", async () => {
    const { ex, line } = await logged("GET", "/slow");
    if (typeof line.durationMs !== "number" || line.durationMs < 55) {
      throw new CheckFailure("the log line's durationMs is shorter than the handler took", {
        sent: ex.sent,
        expected: "durationMs of at least 55 (the handler waits 60 ms)",
        received: JSON.stringify(line),
        hint: "Start the clock when the request reaches the app, before the middleware and the handler run.",
      });
    }
  });

  test("logs the path without its query, and the request id the response carries, also one the app made up", async () => {
    const marker = `/items/${Date.now() % 1_000_000}`;
    const ex = await exchange(server(), "GET", `${marker}?token=s3cr3t-t0ken&email=ada%40example.org`);
    const [line] = await linesFor(file, ex, (l) => l.path === marker);
    if (JSON.stringify(line).includes("s3cr3t"))
      throw new CheckFailure("the log line holds the query string", {
        sent: ex.sent,
        expected: `"path": "${marker}" and no query: query strings carry tokens`,
        received: JSON.stringify(line),
        hint: "Log request.encodedPath, which has no query.",
      });
    const given = header(ex.response, "x-request-id");
    if (given === undefined || line?.requestId !== given)
      throw new CheckFailure("the log line's requestId is not the id the response carries", {
        sent: ex.sent,
        expected: `"requestId": ${JSON.stringify(given)}, the X-Request-ID the app chose (chapter 07)`,
        received: JSON.stringify(line),
        hint: "Read requestId() (context.ts) in record(): it is the request's id, sent by the client or made up by the app.",
      });
  });

  test("keeps one request to one line whatever its fields hold: quotes in a path are escaped", async () => {
    const path = '/items/"},{"status":200,"path":"/forged';
    const ex = await exchange(server(), "GET", path);
    const [line] = await linesFor(file, ex, (l) => l.path === path);
    expectField(line!, ex, "status", 404, "JSON.stringify the whole entry: never build the line by hand.");
    if (readLines(file).some((l) => l.path === "/forged"))
      throw new CheckFailure("a path forged a second log entry", {
        sent: ex.sent,
        expected: "one line, with the path as a JSON string",
        received: "a line with path /forged",
        hint: "JSON.stringify escapes quotes and control characters.",
      });
  });
});
