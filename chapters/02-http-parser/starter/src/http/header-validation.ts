// The rules for header fields: each field line once the state machine has cut it out, and
// the header section as a whole once it is complete.
import type { ParseError, RequestHead } from "./request-head.ts";

/**
 * Checks one field line, split at its first colon. `name` is everything before the colon and
 * `value` everything after it, untrimmed.
 */
export function checkFieldLine(name: string, value: string): ParseError | undefined {
  // TODO(02): 400 for an empty name, space before the colon, a non-token name, a control byte.
  // (RFC 9112 §5.1, RFC 9110 §5.5; char-classes.ts: isWhitespace, isTchar, isFieldValueByte)
  throw new Error(`TODO(02): checkFieldLine is not implemented (${JSON.stringify(name)}: ${JSON.stringify(value)})`);
}

/**
 * The Host rules of RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without
 * Host, and to any request with more than one Host field line or an invalid Host value. Two
 * Hosts are dangerous: a proxy may route by one while the application trusts the other.
 */
export function checkHead(head: RequestHead): ParseError | undefined {
  // TODO(02): 400 for no Host in HTTP/1.1, two Hosts, or an invalid one (an empty Host is valid).
  // (request-head.ts: headerValues; authority.ts: parseAuthority)
  throw new Error(`TODO(02): checkHead is not implemented (${head.method} ${head.target})`);
}
