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
import { Clock } from "../http/clock.ts";
import { LatencyHistogram } from "./histogram.ts";

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
/** The server will close after this response (RFC 9112 §9.6): the next request goes on a new connection. */
const CONNECTION_CLOSE = /^connection:[^\r\n]*\bclose\b/im;

interface Answer {
  readonly code: number;
  readonly us: number;
  /** The response said Connection: close. */
  readonly last: boolean;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { durationMs, requests } = options;
  if (durationMs === undefined && requests === undefined) throw new TypeError("runLoad needs durationMs or requests");
  if (!(options.connections >= 1)) throw new RangeError(`connections must be ≥ 1, not ${options.connections}`);
  const latency = new LatencyHistogram();
  const totals = { responses: 0, non2xx: 0, errors: 0, sent: 0 };
  const started = performance.now();
  const deadline = durationMs === undefined ? Number.POSITIVE_INFINITY : started + durationMs;
  /** May another request be sent? Counting it as sent at once keeps `requests` exact across connections. */
  const mayStart = (): boolean => {
    if (performance.now() >= deadline || (requests !== undefined && totals.sent >= requests)) return false;
    totals.sent++;
    return true;
  };
  const loops = Array.from({ length: options.connections }, () => drive(options, mayStart, totals, latency));
  await Promise.all(loops);
  return { ...totals, elapsedMs: performance.now() - started, latency };
}

interface Totals {
  responses: number;
  non2xx: number;
  errors: number;
  sent: number;
}

/** One connection's loop: request, response, again — reconnecting after an error — until mayStart() says no. */
async function drive(
  options: LoadOptions,
  mayStart: () => boolean,
  totals: Totals,
  latency: LatencyHistogram,
): Promise<void> {
  while (mayStart()) {
    const socket = await open(options.host, options.port);
    if (!socket) {
      totals.errors++;
      continue;
    }
    // The response deadline moves with every request: one Clock (clock.ts) keeps one timer for
    // the connection, where a setTimeout per request would cost the generator what chapter 09
    // takes out of the server.
    const clock = new Clock();
    // One request at a time on this connection, until it breaks, the server ends it, or the run ends.
    for (let first = true; first || mayStart(); first = false) {
      const status = await exchange(socket, options.request, clock);
      if (status === undefined) {
        totals.errors++;
        break;
      }
      totals.responses++;
      if (status.code < 200 || status.code > 299) totals.non2xx++;
      latency.record(status.us);
      // A server that caps requests per connection says so; going on would be our error, not its.
      if (status.last) break;
    }
    clock.dispose();
    socket.destroy();
  }
}

function open(host: string, port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, noDelay: true });
    socket.once("connect", () => {
      socket.removeAllListeners("error");
      socket.on("error", () => {});
      resolve(socket);
    });
    socket.once("error", () => resolve(undefined));
  });
}

/** Sends one request and reads its response; undefined when the connection failed first. */
function exchange(socket: Socket, request: Uint8Array, clock: Clock): Promise<Answer | undefined> {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    let buffered: Buffer = Buffer.alloc(0);
    let code = 0;
    let last = false;
    let expected = -1;
    clock.arm(RESPONSE_TIMEOUT_MS, () => socket.destroy());
    const settle = (result: Answer | undefined): void => {
      clock.stop();
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve(result);
    };
    const onClose = (): void => settle(undefined);
    const onData = (chunk: Buffer): void => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      if (expected < 0) {
        const end = buffered.indexOf(HEAD_END);
        if (end < 0) return;
        const head = buffered.toString("latin1", 0, end);
        const status = STATUS_LINE.exec(head);
        const length = CONTENT_LENGTH.exec(head);
        // Anything this generator cannot frame is a failed request, not a guess.
        if (!status || !length) return void socket.destroy();
        code = Number(status[1]);
        last = CONNECTION_CLOSE.test(head);
        expected = end + HEAD_END.length + Number(length[1]);
      }
      if (buffered.length < expected) return;
      // A byte past the response would be an answer to a request never sent.
      if (buffered.length > expected) return void socket.destroy();
      settle({ code, us: (performance.now() - sentAt) * 1_000, last });
    };
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.write(request);
  });
}
