// The rules for header fields: each field line once the state machine has cut it out, and
// the header section as a whole once it is complete.
import type { ParseError, RequestHead } from "./request-head.ts";

/**
 * Checks one field line, split at its first colon. `name` is everything before the colon and
 * `value` everything after it, untrimmed.
 */
export function checkFieldLine(name: string, value: string): ParseError | undefined {
  // TODO(02): 400 for an empty name, whitespace before the colon (RFC 9112 §5.1), a name byte
  // that is not a tchar, or a control byte in the value (char-classes.ts: isFieldValueByte).
  throw new Error(`TODO(02): checkFieldLine is not implemented (${JSON.stringify(name)}: ${JSON.stringify(value)})`);
}

/**
 * The Host rules of RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without
 * Host, and to any request with more than one Host field line or an invalid Host value. Two
 * Hosts are dangerous: a proxy may route by one while the application trusts the other.
 */
export function checkHead(head: RequestHead): ParseError | undefined {
  // TODO(02): count the Host fields (request-head.ts: headerValues), then check the one there is
  // (authority.ts: parseAuthority; an empty Host is valid).
  throw new Error(`TODO(02): checkHead is not implemented (${head.method} ${head.target})`);
}
