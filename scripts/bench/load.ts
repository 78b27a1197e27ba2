// A closed-loop HTTP/1.1 load generator over node:net: each connection keeps exactly one
// request in flight and sends the next as soon as the previous response is complete. Closed
// loop means the measured rate is what the server sustains, not what the client offers, and
// latencies are honest only in that sense (no coordinated-omission correction: it is a
// comparison tool, not an SLO tool).
import { connect, type Socket } from "node:net";

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  readonly durationMs: number;
  /** The raw bytes of one request; sent again and again on every connection. */
  readonly request: Buffer;
}

export interface LoadResult {
  readonly responses: number;
  /** Responses with a status other than 2xx. */
  readonly non2xx: number;
  /** Socket errors (resets, refused connections). */
  readonly errors: number;
  /** Connections the server closed mid-run, each replaced by a new one. */
  readonly reconnects: number;
  readonly elapsedMs: number;
  /** Latency of every response, in microseconds, sorted ascending. */
  readonly latenciesUs: Float64Array;
}

/** Runs the load for `durationMs`, then closes every connection and resolves. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let reconnects = 0;
  let running = true;
  const sockets = new Set<Socket>();

  function open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: options.host, port: options.port, noDelay: true }, () => resolve(socket));
      socket.once("error", reject);
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    });
  }

  function drive(socket: Socket): void {
    const reader = new ResponseReader();
    let sentAt = 0n;
    const send = () => {
      sentAt = process.hrtime.bigint();
      socket.write(options.request);
    };
    socket.on("data", (chunk: Buffer) => {
      for (const status of reader.push(chunk)) {
        latencies.push(Number(process.hrtime.bigint() - sentAt) / 1_000);
        if (status < 200 || status > 299) non2xx++;
        if (running && !socket.writableEnded) send();
      }
    });
    socket.on("error", () => errors++);
    // A server may close a keep-alive connection after any response (a request cap, for
    // one); a real client opens a new one, and so does this one.
    socket.on("close", () => {
      if (!running) return;
      reconnects++;
      open().then(drive, () => errors++);
    });
    send();
  }

  const first = await Promise.all(Array.from({ length: options.connections }, open));
  const started = process.hrtime.bigint();
  for (const socket of first) drive(socket);
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  running = false;
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  for (const socket of sockets) socket.destroy();
  return {
    responses: latencies.length,
    non2xx,
    errors,
    reconnects,
    elapsedMs,
    latenciesUs: Float64Array.from(latencies).sort(),
  };
}

/** The q-quantile (0–1) of sorted values, nearest rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Just enough of a response parser to count responses on a keep-alive connection: the status
 * code, then a body framed by Content-Length (the hello-world answers the bench targets).
 */
export class ResponseReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): number[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const statuses: number[] = [];
    for (;;) {
      const end = this.buffered.indexOf("\r\n\r\n");
      if (end === -1) break;
      const head = this.buffered.subarray(0, end).toString("latin1");
      const status = Number(head.slice(9, 12));
      const bodyStart = end + 4;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
      if (length === undefined)
        throw new Error(`the bench reads Content-Length responses only; got: ${JSON.stringify(head)}`);
      const next = bodyStart + Number(length);
      if (this.buffered.length < next) break;
      statuses.push(status);
      this.buffered = this.buffered.subarray(next);
    }
    return statuses;
  }
}
