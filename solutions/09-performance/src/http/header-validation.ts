// The rules for header fields: each field line once the state machine has cut it out, and
// the header section as a whole once it is complete.
import { parseAuthority } from "./authority.ts";
import { hex, isFieldValueByte, isTchar, isWhitespace } from "./char-classes.ts";
import { type ParseError, parseError, type RequestHead } from "./request-head.ts";

/**
 * Checks one field line, split at its first colon. `name` is everything before the colon and
 * `value` everything after it, untrimmed.
 */
export function checkFieldLine(name: string, value: string): ParseError | undefined {
  if (name === "") return parseError(400, "a field line starts with a colon: no field name (RFC 9110 §5.1)");
  // A server MUST reject whitespace between the name and the colon (RFC 9112 §5.1): a proxy
  // that drops it and one that keeps it would read two different headers from one message.
  if (isWhitespace(name.charCodeAt(name.length - 1))) {
    return parseError(400, `whitespace between the field name "${name.trimEnd()}" and its colon (RFC 9112 §5.1)`);
  }
  for (let i = 0; i < name.length; i++) {
    if (!isTchar(name.charCodeAt(i)))
      return parseError(
        400,
        `field name contains byte ${hex(name.charCodeAt(i))}, which is not a token character (RFC 9110 §5.1)`,
      );
  }
  for (let i = 0; i < value.length; i++) {
    // CR and LF never reach here: the state machine ends the line at them.
    if (!isFieldValueByte(value.charCodeAt(i)))
      return parseError(
        400,
        `the value of "${name}" contains control byte ${hex(value.charCodeAt(i))} (RFC 9110 §5.5)`,
      );
  }
  return undefined;
}

/**
 * The Host rules of RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without
 * Host, and to any request with more than one Host field line or an invalid Host value. Two
 * Hosts are dangerous: a proxy may route by one while the application trusts the other.
 */
export function checkHead(head: RequestHead): ParseError | undefined {
  // One pass and no array: nearly every request has exactly one Host.
  let host: string | undefined;
  for (const field of head.headers) {
    if (field.name !== "host") continue;
    if (host !== undefined) return parseError(400, "more than one Host field line (RFC 9112 §3.2)");
    host = field.value;
  }
  if (host === undefined) {
    return head.version.minor >= 1
      ? parseError(400, "an HTTP/1.1 request must have a Host field (RFC 9112 §3.2)")
      : undefined;
  }
  // An empty Host is valid: it says the target URI has no authority (RFC 9112 §3.2).
  if (host === "" || host === lastValidHost) return undefined;
  if (!parseAuthority(host)) return parseError(400, `Host "${host}" is not a valid host[:port] (RFC 9110 §7.2)`);
  lastValidHost = host;
  return undefined;
}

/**
 * The last Host found valid. A server answers to one name, or a few, so nearly every request
 * names the host the one before it named: one string comparison instead of parsing it again.
 */
let lastValidHost: string | undefined;
