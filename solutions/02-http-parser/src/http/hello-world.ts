// The application behind the server for now: every GET or HEAD, whatever its path, gets
// "Hello, World!". A router and real handlers arrive in later chapters.

import { errorResponse } from "./error-response.ts";
import { KNOWN_METHODS } from "./methods.ts";
import type { RequestHead } from "./request-head.ts";
import type { HttpResponse } from "./response-writer.ts";

const ALLOWED = "GET, HEAD";

export function helloWorld(head: RequestHead): HttpResponse {
  if (head.method === "GET" || head.method === "HEAD") {
    return { status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: "Hello, World!" };
  }
  if (KNOWN_METHODS.has(head.method)) {
    // 405 MUST list the methods the resource does support (RFC 9110 §15.5.6).
    const response = errorResponse(405, `${head.method} is not allowed here; try ${ALLOWED}`);
    return { ...response, headers: [...response.headers, ["Allow", ALLOWED]] };
  }
  // A method the server does not recognise at all (RFC 9110 §9.1, §15.6.2).
  return errorResponse(501, `the method ${head.method} is not implemented`);
}
