// Where a request body ends — and so where the next request begins (RFC 9112 §6.3). Two fields
// can say it, Content-Length and Transfer-Encoding, and every disagreement between servers about
// which one wins is a request-smuggling attack. So any message whose length is not beyond doubt
// is refused, and the connection closed.
import type { ParseError, RequestHead } from "./request-head.ts";

export type BodyFraming =
  /** Exactly `length` bytes follow the head; 0 when the request has no body. */
  | { readonly kind: "length"; readonly length: number }
  /** The chunked transfer coding (RFC 9112 §7.1): chunks until a zero-size one. */
  | { readonly kind: "chunked" };

/** Decides how the body of `head` is framed, or why nobody can tell. */
export function bodyFraming(head: RequestHead): BodyFraming | ParseError {
  // TODO(04): decide the framing from every Transfer-Encoding and Content-Length field line
  // (request-head.ts: headerValues, parseError). README: "The spec you will implement".
  //   - neither field: { kind: "length", length: 0 } (RFC 9112 §6.3, rule 7);
  //   - one Content-Length of 1*DIGIT that a number holds exactly: { kind: "length", length };
  //     a second line, a sign, a space, a list or an overflow → 400 (RFC 9110 §8.6);
  //   - Transfer-Encoding: with Content-Length → 400; in HTTP/1.0 → 400 (RFC 9112 §6.1);
  //     split every line at commas, trim, lower-case, drop empty members; the last must be
  //     "chunked" (else 400, §6.3 rule 4), chunked only once (else 400, §6.1), and any other
  //     coding before it → 501 (§6.1). Then { kind: "chunked" }.
  throw new Error(`TODO(04): bodyFraming is not implemented (${head.method} ${head.target})`);
}
