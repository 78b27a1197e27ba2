// Your own small wrk: drives a server on this machine with the load generator and prints what
// it measured.
//
//   node --import tsx src/perf/bench.ts http://127.0.0.1:8080/ --connections 50 --seconds 5
//
// The course's `pnpm bench microfast` compares servers side by side; this one measures one.
import { parseArgs } from "node:util";
import { runLoad } from "./load.ts";

const USAGE =
  "usage: node --import tsx src/perf/bench.ts http://127.0.0.1:PORT/PATH [--connections 1-1000] [--seconds 1-60]";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { connections: { type: "string", default: "50" }, seconds: { type: "string", default: "5" } },
});
const url = positionals.length === 1 ? URL.parse(positionals[0]!) : null;
const connections = Number(values.connections);
const seconds = Number(values.seconds);
// Load goes to this machine only: a benchmark aimed at someone else's server is an attack.
const loopback = url?.hostname === "127.0.0.1" || url?.hostname === "localhost" || url?.hostname === "[::1]";
if (
  url?.protocol !== "http:" ||
  !loopback ||
  !(connections >= 1 && connections <= 1000) ||
  !(seconds >= 1 && seconds <= 60)
) {
  console.error(USAGE);
  process.exit(2);
}

const request = Buffer.from(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`, "latin1");
const result = await runLoad({
  host: url.hostname.replace(/^\[|\]$/g, ""),
  port: Number(url.port || 80),
  connections,
  durationMs: seconds * 1_000,
  request,
});
const perSecond = result.responses / (result.elapsedMs / 1_000);
const ms = (us: number): string => `${(us / 1_000).toFixed(2)} ms`;
console.log(
  `${result.responses} responses in ${(result.elapsedMs / 1_000).toFixed(2)} s: ${Math.round(perSecond)} requests/s`,
);
console.log(
  `latency p50 ${ms(result.latency.percentile(50))}, p99 ${ms(result.latency.percentile(99))}, max ${ms(result.latency.max)}`,
);
if (result.non2xx > 0 || result.errors > 0) console.log(`${result.non2xx} responses not 2xx, ${result.errors} errors`);
