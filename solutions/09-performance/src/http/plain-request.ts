// The request most clients send most of the time: one whole head in one read, and nothing
// after it — a GET or HEAD with no body, waiting for its answer before it sends the next. For
// it the connection needs none of the reader's machinery: no body to frame or decode (RFC 9112
// §6.3: without Content-Length or Transfer-Encoding a request has no body), no 100 Continue
// to send, no protocol to switch to, no bytes left over for the next request.
//
//   chunk ─► scanHead() ─► the whole chunk, and no field that frames a body, expects or upgrades?
//                              │ yes: the head, answered at once         │ no, or any doubt
//                              ▼                                         ▼
//                          connection.ts                            RequestReader, as before
//
// Anything else goes to the reader, which reads it exactly as it always did: this is only a
// shortcut to the answer it would have given.
import { scanHead } from "./head-scanner.ts";
import type { RequestHead } from "./request-head.ts";

/**
 * The fields that make a request more than a head: a body (Content-Length, Transfer-Encoding),
 * an expectation to meet or refuse (Expect, RFC 9110 §10.1.1), a protocol switch (Upgrade,
 * RFC 9110 §7.8). Names are lower-cased by the scanner.
 */
const NOT_PLAIN = new Set(["content-length", "transfer-encoding", "expect", "upgrade"]);

/** The head `chunk` holds when it is exactly one whole, plain request without a body; undefined otherwise. */
export function plainRequest(chunk: Uint8Array): RequestHead | undefined {
  const scanned = scanHead(chunk);
  // Pipelined requests, or the start of a body, after the head: the reader sorts them out.
  if (scanned === undefined || scanned.used !== chunk.length) return undefined;
  for (const field of scanned.head.headers) if (NOT_PLAIN.has(field.name)) return undefined;
  return scanned.head;
}
