// Whether a connection outlives the request it just carried (RFC 9112 §9.3).
import type { RequestHead } from "./request-head.ts";

/**
 * Does the client want to keep the connection after this request? RFC 9112 §9.3: "close"
 * ends it in any version; HTTP/1.1 (and every later 1.x minor) persists by default; HTTP/1.0
 * persists only when the client asks with "keep-alive" (RFC 9112 Appendix C.2.2). The options
 * are the comma-separated, case-insensitive values of every Connection field line
 * (RFC 9110 §7.6.1, §5.3).
 */
export function wantsPersistence(head: RequestHead): boolean {
  // TODO(03): read the Connection options (request-head.ts: headerValues), then apply §9.3.
  throw new Error(`TODO(03): wantsPersistence is not implemented (HTTP/${head.version.major}.${head.version.minor})`);
}

/**
 * Does the request announce a body (RFC 9112 §6.3)? Until the server can read bodies, it cannot
 * tell where the next request starts after one, so it answers and closes instead of reading
 * the body's bytes as a request.
 */
export function declaresBody(head: RequestHead): boolean {
  // TODO(03): any Transfer-Encoding field, or a Content-Length other than "0".
  throw new Error(`TODO(03): declaresBody is not implemented (${head.headers.length} fields)`);
}
