// A closed-loop load generator: each connection sends a request, waits for the whole response,
// records how long it took, and sends the next — the way wrk and autocannon drive a server, and
// the way a pool of real clients behaves. It counts exactly: a response is counted once its last
// byte is in, a request cut off by a broken connection is an error, and when time is up every
// request already sent is waited for, so the count matches what the server served.
//
//   connection 1: ─req─►   ◄─resp─  ─req─►  ◄─resp─  ─req─► … deadline: no new requests
//   connection 2:   ─req─►   ◄─resp─  ─req─►    ◄─resp─ …     in-flight ones are waited for
//
// Closed loop has a blind spot worth knowing: when the server stalls, the clients stall with it
// and send nothing, so the requests that would have queued up meanwhile are never measured
// ("coordinated omission"). Its percentiles flatter a server that pauses now and then.
import { connect, type Socket } from "node:net";
import type { LatencyHistogram } from "./histogram.ts";

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  /** Keep-alive connections, each with one request in flight. */
  readonly connections: number;
  /** Stop sending after this long… */
  readonly durationMs?: number;
  /** …or after this many requests in all, whichever comes first. One of the two is required. */
  readonly requests?: number;
  /** One whole HTTP/1.1 request, sent as it is each time. */
  readonly request: Uint8Array;
}

export interface LoadResult {
  /** Whole responses received, whatever their status. */
  readonly responses: number;
  /** Responses with a status outside 200–299. */
  readonly non2xx: number;
  /** Requests that got no whole response: refused, reset, or cut off. */
  readonly errors: number;
  /** From the first request to the last response. */
  readonly elapsedMs: number;
  /** Per response: from its request's first byte written to its last byte read, in µs. */
  readonly latency: LatencyHistogram;
}

/** How long one response may take: after it, the request counts as an error and its connection is cut. */
export const RESPONSE_TIMEOUT_MS = 5_000;

/** The end of a response head. */
const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
/** Framing this generator reads: Content-Length only (RFC 9112 §6.3). */
const CONTENT_LENGTH = /^content-length:[ \t]*(\d+)[ \t]*$/im;
const STATUS_LINE = /^HTTP\/1\.\d (\d{3})/;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  // TODO(09): one LatencyHistogram and one set of totals for the run, and a loop per connection
  // (Promise.all of them): while another request may start, open a connection (node:net connect,
  // noDelay) and exchange requests on it — write options.request, read until the head is complete
  // (HEAD_END), take the status and Content-Length from it, read until the body is complete,
  // record the latency — until the connection breaks (an error: count it, reconnect), a response
  // says Connection: close (no error: reconnect), or no request may start any more.
  // "May start" is one function for all loops: the deadline (durationMs) is not past and fewer
  // than `requests` were sent; it counts the request as sent when it says yes, so four loops
  // cannot overshoot. A response the generator cannot frame, a byte past its Content-Length, a
  // close before its end, or no answer within RESPONSE_TIMEOUT_MS is an error, never a response.
  throw new Error(
    `TODO(09): runLoad() is not implemented (${options.connections} connections to ${options.host}:${options.port})`,
  );
}
