// Static files: a middleware that answers every request under a prefix from a folder on disk,
// and passes every other request on.
//
//   app.use(serveStatic("/static", "public"));
//
//   GET /static/css/site.css
//     │  path → file (safe-path.ts)      unsafe: 400 · missing, hidden, outside the root: 404
//     │  stat → Content-Type, Content-Length, ETag, Last-Modified
//     │  If-None-Match, If-Modified-Since (conditional.ts)   the client's copy is current: 304
//     │  Range, If-Range (ranges.ts)                          a part: 206 · past the end: 416
//     ▼
//   200, the file streamed from disk (file-body.ts)
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { formatHttpDate } from "../http/http-date.ts";
import { ifRangeHolds, isFresh, type Validators } from "./conditional.ts";
import { httpErrorResponse } from "./error-handling.ts";
import { FileBody } from "./file-body.ts";
import { HttpError } from "./http-error.ts";
import type { Middleware } from "./middleware.ts";
import { contentTypeOf } from "./mime-types.ts";
import { contentRange, parseRange, type RangeRequest, unsatisfiedRange, WHOLE } from "./ranges.ts";
import type { Request } from "./request.ts";
import { Response } from "./response.ts";
import { fileSegments, resolveInside } from "./safe-path.ts";

export interface StaticOptions {
  /** Cache-Control for every file, e.g. "public, max-age=3600" (RFC 9111 §5.2); none by default. */
  readonly cacheControl?: string;
}

/** What a file supports: being read. */
const ALLOW = "GET, HEAD";

export function serveStatic(prefix: string, root: string, options: StaticOptions = {}): Middleware {
  // "/static" serves "/static/…" and never "/static-admin".
  const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
  const directory = resolve(root);
  // Not an async function: a request for another path goes straight on, without a promise of its own.
  return function staticFiles(request, next) {
    if (!request.encodedPath.startsWith(base)) return next();
    return serveFile(request, directory, request.encodedPath.slice(base.length), options).catch((error: unknown) => {
      // Answered here rather than thrown, so the layers outside (CORS, compression, logs) see a 404 as a response.
      if (error instanceof HttpError) return httpErrorResponse(error);
      throw error;
    });
  };
}

/** The response for the file that `encodedTail` (the path after the prefix) names under `root`. */
async function serveFile(
  request: Request,
  root: string,
  encodedTail: string,
  options: StaticOptions,
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    if (request.method === "OPTIONS") return new Response("", { status: 204, headers: { Allow: ALLOW } });
    throw new HttpError(405, "Method Not Allowed", [["Allow", ALLOW]]);
  }
  const path = await resolveInside(root, fileSegments(encodedTail));
  const stats = path === undefined ? undefined : await stat(path, { bigint: true }).catch(() => undefined);
  // Directories, FIFOs and devices are no files to send: reading a FIFO would wait forever.
  if (path === undefined || !stats?.isFile()) throw new HttpError(404, "Not Found");

  const size = Number(stats.size);
  const validators: Validators = {
    etag: entityTag(stats.size, stats.mtimeNs),
    lastModified: Number(stats.mtimeMs / 1000n) * 1000,
  };
  const cache: [string, string][] = options.cacheControl === undefined ? [] : [["Cache-Control", options.cacheControl]];
  // A 304 carries what a cache refreshes its stored copy with, and nothing about the content (RFC 9110 §15.4.5).
  if (isFresh(request, validators))
    return new Response("", { status: 304, headers: [["ETag", validators.etag], ...cache] });

  const headers: [string, string][] = [
    ["Content-Type", contentTypeOf(path)],
    // Without it a browser may sniff a .txt full of <script> into HTML, and run it.
    ["X-Content-Type-Options", "nosniff"],
    ["ETag", validators.etag],
    ["Last-Modified", formatHttpDate(validators.lastModified)],
    // Tells a client it may ask for parts (RFC 9110 §14.3): resuming a download, seeking in a video.
    ["Accept-Ranges", "bytes"],
    ...cache,
  ];
  const range = request.method === "GET" ? requestedRange(request, size, validators) : WHOLE;
  if (range.kind === "unsatisfiable") {
    throw new HttpError(416, `the range lies outside the file's ${size} bytes`, [
      ["Content-Range", unsatisfiedRange(size)],
    ]);
  }
  if (range.kind === "range") {
    headers.push(["Content-Range", contentRange(range.first, range.last, size)]);
    return new Response(new FileBody(path, range.first, range.last), { status: 206, headers });
  }
  return new Response(new FileBody(path, 0, size - 1), { headers });
}

/**
 * A strong entity tag from what stat() knows: the size and the modification time in
 * nanoseconds, "\"1b3f-17c5e0f3a2b1c000\"". Any write changes the time, so two files with the
 * same tag have the same bytes — unless a write restores an old time on purpose (touch -d).
 */
function entityTag(size: bigint, mtimeNs: bigint): string {
  return `"${size.toString(16)}-${mtimeNs.toString(16)}"`;
}

/** The Range to honour: for GET only (RFC 9110 §14.2), and only while If-Range, if sent, holds (§13.1.5). */
function requestedRange(request: Request, size: number, validators: Validators): RangeRequest {
  const range = request.header("range");
  if (range === undefined) return WHOLE;
  const ifRange = request.header("if-range");
  if (ifRange !== undefined && !ifRangeHolds(ifRange, validators)) return WHOLE;
  return parseRange(range, size);
}
