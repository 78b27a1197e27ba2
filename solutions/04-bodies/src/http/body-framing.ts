// Where a request body ends — and so where the next request begins (RFC 9112 §6.3). Two fields
// can say it, Content-Length and Transfer-Encoding, and every disagreement between servers about
// which one wins is a request-smuggling attack. So any message whose length is not beyond doubt
// is refused, and the connection closed.
import { headerValues, type ParseError, parseError, type RequestHead } from "./request-head.ts";

export type BodyFraming =
  /** Exactly `length` bytes follow the head; 0 when the request has no body. */
  | { readonly kind: "length"; readonly length: number }
  /** The chunked transfer coding (RFC 9112 §7.1): chunks until a zero-size one. */
  | { readonly kind: "chunked" };

const NO_BODY: BodyFraming = { kind: "length", length: 0 };

/** Content-Length = 1*DIGIT (RFC 9110 §8.6): no sign, no space, no list, no hex. */
const DECIMAL = /^[0-9]+$/;

/** Decides how the body of `head` is framed, or why nobody can tell. */
export function bodyFraming(head: RequestHead): BodyFraming | ParseError {
  const encodings = headerValues(head, "transfer-encoding");
  const lengths = headerValues(head, "content-length");
  if (encodings.length > 0) {
    // RFC 9112 §6.1 lets a server reject both together or ignore Content-Length; either way it
    // MUST close afterwards. One server trusting each field is the CL.TE / TE.CL desync, so we
    // reject it, as Node does.
    if (lengths.length > 0)
      return parseError(400, "a request with both Content-Length and Transfer-Encoding (RFC 9112 §6.1)");
    // HTTP/1.0 has no transfer codings: its framing MUST be treated as faulty (RFC 9112 §6.1).
    if (head.version.minor === 0) return parseError(400, "Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)");
    return chunkedFraming(encodings);
  }
  if (lengths.length === 0) return NO_BODY; // a request without either field has no body (RFC 9112 §6.3, rule 7)
  // RFC 9110 §8.6 lets a recipient accept repeated identical values; Node rejects any repeat, and
  // so do we: a second Content-Length is a sign that two parties already disagree.
  if (lengths.length > 1) return parseError(400, "more than one Content-Length field line (RFC 9110 §8.6)");
  return contentLength(lengths[0]!);
}

function contentLength(value: string): BodyFraming | ParseError {
  if (!DECIMAL.test(value))
    return parseError(400, `Content-Length ${JSON.stringify(value)} is not a decimal number of bytes (RFC 9110 §8.6)`);
  const length = Number(value);
  // Past 2^53 a JavaScript number is no longer exact: two servers would read two lengths.
  if (!Number.isSafeInteger(length)) return parseError(400, `Content-Length ${value} is too large to be a length`);
  return { kind: "length", length };
}

/**
 * Transfer-Encoding lists the codings applied, in order, across all its field lines (RFC 9112
 * §6.1). The body length is known only if the last one is chunked (§6.3, rule 4); chunked MUST
 * NOT be applied twice (§6.1); and a coding we cannot undo gets 501 (§6.1).
 */
function chunkedFraming(encodings: string[]): BodyFraming | ParseError {
  const codings = encodings
    .flatMap((value) => value.split(","))
    .map((coding) => coding.trim().toLowerCase()) // codings are case-insensitive (RFC 9112 §7)
    .filter((coding) => coding !== "");
  const last = codings.pop();
  if (last !== "chunked")
    return parseError(
      400,
      `Transfer-Encoding ${JSON.stringify(encodings.join(", "))} does not end in chunked: the body length is unknown (RFC 9112 §6.3)`,
    );
  if (codings.includes("chunked")) return parseError(400, "chunked is applied more than once (RFC 9112 §6.1)");
  if (codings.length > 0)
    return parseError(501, `the transfer coding ${JSON.stringify(codings[0])} is not implemented (RFC 9112 §6.1)`);
  return { kind: "chunked" };
}
