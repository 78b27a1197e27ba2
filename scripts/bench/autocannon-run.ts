// One autocannon run in a process of its own, started by load.ts: autocannon is JavaScript,
// and sharing the bench's event loop would slow both. Its options come as one JSON argument;
// its result goes to stdout as one JSON line (a LoadRun).
//
// autocannon's own latency histogram keeps whole milliseconds (a fast server's p50 reads 0), so
// the latency of every response is kept here instead, to the microsecond, for quantile().
import autocannon from "autocannon";
import type { LoadRun } from "./load.ts";
import { quantile } from "./stats.ts";

interface Options {
  readonly url: string;
  readonly connections: number;
  /** A timed run; or `amount`: exactly this many requests, then stop. */
  readonly seconds?: number;
  readonly amount?: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
let latencies = new Float64Array(1 << 16);
let count = 0;

const instance = autocannon(
  {
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 1 }),
  },
  (error, result) => {
    if (error) throw error;
    const sorted = latencies.subarray(0, count).sort();
    const run: LoadRun = {
      generator: "autocannon",
      requests: result.requests.total,
      seconds: result.duration,
      requestsPerSecond: result.requests.total / result.duration,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      non2xx: result.non2xx,
      // Connection errors, timeouts included. (autocannon's `resets` is no error: it counts each
      // time its list of requests starts over, which with one request is every request.)
      errors: result.errors,
    };
    process.stdout.write(`${JSON.stringify(run)}\n`);
  },
);
instance.on("response", (_client, _status, _bytes, responseTime) => {
  if (count === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[count++] = responseTime;
});
