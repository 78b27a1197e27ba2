// The rules for the three parts of a request line (RFC 9112 §3): the method token, checked
// by the state machine as it grows, and the request-target and the HTTP version, checked once
// the state machine has cut them out.
import type { HttpVersion, ParseError } from "./request-head.ts";

/** method = token (RFC 9110 §9.1): one or more tchar. Whether we implement it is decided later. */
export function checkMethod(method: string): ParseError | undefined {
  // TODO(02): 400 for an empty method or a byte that is not a tchar (char-classes.ts: isTchar).
  throw new Error(`TODO(02): checkMethod is not implemented (method ${JSON.stringify(method)})`);
}

/**
 * Checks the request-target. Its bytes must be visible ASCII: a URI has no spaces, controls
 * or raw non-ASCII bytes (RFC 3986 §2). Like Node, we accept the visible characters RFC 3986
 * leaves out ("{", "|", …), which browsers send unencoded. Then the form must fit the method
 * (RFC 9112 §3.2): CONNECT takes authority-form ("host:port"); "*" is only for a server-wide
 * OPTIONS; everything else uses origin-form ("/path?query") or absolute-form
 * ("http://host/path"), which a server MUST accept.
 */
export function checkTarget(method: string, target: string): ParseError | undefined {
  // TODO(02): 400 for a byte that is not VCHAR, or a target form the method does not take.
  // (char-classes.ts: isVchar; authority.ts: parseAuthority reads "host:port")
  throw new Error(`TODO(02): checkTarget is not implemented (${method} ${JSON.stringify(target)})`);
}

/**
 * Reads the version that ends a request line. A malformed version is a bad request; a
 * well-formed one with a major version other than 1 is 505 (RFC 9110 §15.6.6). HTTP/1.2 and
 * later minors are welcome: a recipient treats them as the highest 1.x it implements
 * (RFC 9110 §2.5), so every minor ≥ 1 means HTTP/1.1 here.
 */
export function parseVersion(text: string): HttpVersion | ParseError {
  // TODO(02): "HTTP/" DIGIT "." DIGIT → { major, minor }; otherwise 400, or 505 for major ≠ 1.
  throw new Error(`TODO(02): parseVersion is not implemented (version ${JSON.stringify(text)})`);
}
