// Cookies (RFC 6265): reading the Cookie request field and writing Set-Cookie response fields.

/**
 * Reads "a=1; b=2" into { a: "1", b: "2" } (RFC 6265 §4.2.1, §5.4). A browser sends the
 * cookies with the longest path first, so for a name sent twice the first is the most
 * specific and wins. A pair without "=" is skipped rather than failing the request: one
 * malformed cookie set by another application on the same domain must not lock users out.
 */
export function parseCookies(header: string | undefined): Readonly<Record<string, string>> {
  // No prototype: a cookie named "__proto__" or "constructor" is just a cookie.
  const cookies: Record<string, string> = Object.create(null);
  if (header === undefined) return cookies;
  for (const pair of header.split(";")) {
    const equals = pair.indexOf("=");
    if (equals === -1) continue;
    const name = pair.slice(0, equals).trim();
    let value = pair.slice(equals + 1).trim();
    // cookie-value may be wrapped in DQUOTEs, which are not part of the value (RFC 6265 §4.1.1).
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name !== "" && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

export interface CookieOptions {
  /** Seconds until the cookie expires; 0 deletes it (RFC 6265 §5.2.2). */
  readonly maxAge?: number;
  readonly path?: string;
  readonly domain?: string;
  /** Sent only over HTTPS (§4.1.2.5). */
  readonly secure?: boolean;
  /** Hidden from JavaScript in the page (§4.1.2.6): the first defence of a session cookie against XSS. */
  readonly httpOnly?: boolean;
  /** Whether cross-site requests carry it (RFC 6265bis §4.1.2.7): Lax is the browsers' default. */
  readonly sameSite?: "Strict" | "Lax" | "None";
}

/** cookie-name is a token (RFC 6265 §4.1.1 → RFC 2616 token). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash (RFC 6265 §4.1.1). */
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
/** A path or domain attribute must not end the attribute list early. */
const ATTRIBUTE_VALUE = /^[\x20-\x3A\x3C-\x7E]*$/;

/** The value of one Set-Cookie field. Throws on a name or value that would break the syntax. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!COOKIE_NAME.test(name)) throw new TypeError(`invalid cookie name ${JSON.stringify(name)}`);
  if (!COOKIE_VALUE.test(value))
    throw new TypeError(
      `invalid cookie value ${JSON.stringify(value)}: encode it first (for example with encodeURIComponent)`,
    );
  const parts = [`${name}=${value}`];
  if (options.maxAge !== undefined) {
    if (!Number.isInteger(options.maxAge))
      throw new TypeError(`maxAge must be a whole number of seconds, not ${options.maxAge}`);
    parts.push(`Max-Age=${options.maxAge}`);
  }
  for (const [attribute, text] of [
    ["Domain", options.domain],
    ["Path", options.path],
  ] as const) {
    if (text === undefined) continue;
    if (!ATTRIBUTE_VALUE.test(text)) throw new TypeError(`invalid cookie ${attribute} ${JSON.stringify(text)}`);
    parts.push(`${attribute}=${text}`);
  }
  if (options.secure) parts.push("Secure");
  if (options.httpOnly) parts.push("HttpOnly");
  if (options.sameSite) parts.push(`SameSite=${options.sameSite}`);
  return parts.join("; ");
}
