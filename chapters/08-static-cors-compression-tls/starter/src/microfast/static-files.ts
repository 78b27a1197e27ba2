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
import type { Response } from "./response.ts";
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
  return async function staticFiles(request, next) {
    if (!request.encodedPath.startsWith(base)) return next();
    try {
      return await serveFile(request, directory, request.encodedPath.slice(base.length), options);
    } catch (error) {
      // Answered here rather than thrown, so the layers outside (CORS, compression, logs) see a 404 as a response.
      if (error instanceof HttpError) return httpErrorResponse(error);
      throw error;
    }
  };
}

/** The response for the file that `encodedTail` (the path after the prefix) names under `root`. */
async function serveFile(
  request: Request,
  root: string,
  encodedTail: string,
  options: StaticOptions,
): Promise<Response> {
  // TODO(08): answer with the file `encodedTail` names under `root` (stage 08.1):
  //   - GET and HEAD only: OPTIONS → 204 with Allow: GET, HEAD; any other method → HttpError 405 with Allow;
  //   - fileSegments() then resolveInside() (safe-path.ts); stat(path, { bigint: true }) must say isFile(), or 404;
  //   - validators: a strong ETag from the size and mtimeNs, Last-Modified = the mtime rounded down to a second;
  //   - isFresh(request, validators) → 304 with ETag and Cache-Control (stage 08.3);
  //   - Content-Type (contentTypeOf), X-Content-Type-Options: nosniff, ETag, Last-Modified (formatHttpDate),
  //     Accept-Ranges: bytes, Cache-Control when options.cacheControl is set;
  //   - for GET, requestedRange(): unsatisfiable → HttpError 416 with Content-Range: bytes */size; a range → 206
  //     with Content-Range and new FileBody(path, first, last) (stage 08.4);
  //   - otherwise 200 with new FileBody(path, 0, size - 1): streamed from disk, framed by Content-Length.
  throw new Error(`TODO(08): serveFile is not implemented (${request.method} ${encodedTail})`);
}

/** The Range to honour: for GET only (RFC 9110 §14.2), and only while If-Range, if sent, holds (§13.1.5). */
function requestedRange(request: Request, size: number, validators: Validators): RangeRequest {
  const range = request.header("range");
  if (range === undefined) return WHOLE;
  const ifRange = request.header("if-range");
  if (ifRange !== undefined && !ifRangeHolds(ifRange, validators)) return WHOLE;
  return parseRange(range, size);
}
