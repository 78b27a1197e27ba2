// The rules for the three parts of a request line (RFC 9112 §3): the method token, checked
// by the state machine as it grows, and the request-target and the HTTP version, checked once
// the state machine has cut them out.
import { parseAuthority } from "./authority.ts";
import { hex, isTchar, isVchar } from "./char-classes.ts";
import { type HttpVersion, type ParseError, parseError } from "./request-head.ts";

/** method = token (RFC 9110 §9.1): one or more tchar. Whether we implement it is decided later. */
export function checkMethod(method: string): ParseError | undefined {
  if (method === "") return parseError(400, "the request line starts with whitespace: no method (RFC 9112 §3)");
  for (let i = 0; i < method.length; i++) {
    if (!isTchar(method.charCodeAt(i)))
      return parseError(
        400,
        `the method contains byte ${hex(method.charCodeAt(i))}, which is not a token character (RFC 9110 §9.1)`,
      );
  }
  return undefined;
}

/** absolute-form (RFC 9112 §3.2.2) for the schemes this server serves. */
const ABSOLUTE_FORM = /^https?:\/\//i;

/**
 * Checks the request-target. Its bytes must be visible ASCII: a URI has no spaces, controls
 * or raw non-ASCII bytes (RFC 3986 §2). Like Node, we accept the visible characters RFC 3986
 * leaves out ("{", "|", …), which browsers send unencoded. Then the form must fit the method
 * (RFC 9112 §3.2): CONNECT takes authority-form ("host:port"); "*" is only for a server-wide
 * OPTIONS; everything else uses origin-form ("/path?query") or absolute-form
 * ("http://host/path"), which a server MUST accept.
 */
export function checkTarget(method: string, target: string): ParseError | undefined {
  for (let i = 0; i < target.length; i++) {
    if (!isVchar(target.charCodeAt(i)))
      return parseError(
        400,
        `the target contains byte ${hex(target.charCodeAt(i))}; only visible ASCII is allowed (RFC 3986 §2)`,
      );
  }
  if (method === "CONNECT") {
    const authority = parseAuthority(target);
    if (authority && authority.host !== "" && authority.port) return undefined;
    return parseError(400, "CONNECT needs an authority-form target like example.com:443 (RFC 9112 §3.2.3)");
  }
  if (target === "*") {
    return method === "OPTIONS" ? undefined : parseError(400, `"*" is a target only for OPTIONS (RFC 9112 §3.2.4)`);
  }
  if (target.startsWith("/") || ABSOLUTE_FORM.test(target)) return undefined;
  return parseError(400, `the target must start with "/" or be an http(s) URL (RFC 9112 §3.2)`);
}

/** HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3): case-sensitive, one digit each. */
const HTTP_VERSION = /^HTTP\/(\d)\.(\d)$/;

/**
 * Reads the version that ends a request line. A malformed version is a bad request; a
 * well-formed one with a major version other than 1 is 505 (RFC 9110 §15.6.6). HTTP/1.2 and
 * later minors are welcome: a recipient treats them as the highest 1.x it implements
 * (RFC 9110 §2.5), so every minor ≥ 1 means HTTP/1.1 here.
 */
export function parseVersion(text: string): HttpVersion | ParseError {
  const match = HTTP_VERSION.exec(text);
  if (!match) return parseError(400, `${JSON.stringify(text)} is not an HTTP version like HTTP/1.1 (RFC 9112 §2.3)`);
  const version = { major: Number(match[1]), minor: Number(match[2]) };
  if (version.major !== 1)
    return parseError(505, `HTTP/${version.major}.${version.minor} is not supported: this server speaks HTTP/1.x`);
  return version;
}
