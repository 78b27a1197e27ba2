// The Expect field (RFC 9110 §10.1.1): a client with a large body may ask the server to say
// "100 Continue" before it sends the body, so a request the server refuses costs one round trip
// instead of an upload.
import { headerValues, type ParseError, parseError, type RequestHead } from "./request-head.ts";

/** Does the client wait for 100 Continue before sending its body? Or an error for an expectation we cannot meet. */
export function expectsContinue(head: RequestHead): boolean | ParseError {
  // HTTP/1.0 has no 1xx responses: a server MUST ignore the expectation (RFC 9110 §10.1.1).
  if (head.version.minor === 0) return false;
  // Almost no request sends Expect: nothing to split then.
  if (!head.headers.some((field) => field.name === "expect")) return false;
  const members = headerValues(head, "expect")
    .flatMap((value) => value.split(","))
    .map((member) => member.trim().toLowerCase()) // the value is case-insensitive
    .filter((member) => member !== "");
  const unknown = members.find((member) => member !== "100-continue");
  // RFC 9110 §10.1.1 allows a 417 for any other expectation; Node sends it, and so do we.
  if (unknown !== undefined)
    return parseError(417, `the expectation ${JSON.stringify(unknown)} cannot be met; only 100-continue is supported`);
  return members.length > 0;
}
