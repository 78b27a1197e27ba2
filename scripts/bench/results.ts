// What a bench run found, as the JSON file stores it, and how the rounds become one number per
// server. Everything the table, the markdown and the chart show is computed here once.
import type { GeneratorName, LoadRun } from "./load.ts";
import { median } from "./stats.ts";

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly os: string;
  readonly node: string;
  /** 1, 5 and 15 minute load averages when the run started: how quiet the machine was. */
  readonly loadAverage: readonly number[];
}

export interface Settings {
  readonly seconds: number;
  readonly connections: number;
  readonly rounds: number;
  readonly warmupSeconds: number;
}

export type Measurement = Omit<LoadRun, "generator"> & { readonly round: number };

export interface ServerResult {
  readonly name: string;
  /** node:http: every ratio divides by it. */
  readonly baseline: boolean;
  /** Its answer to GET / as checked before the run: bytes on the wire and header lines. */
  readonly response: { readonly bytes: number; readonly headers: number };
  readonly rounds: readonly Measurement[];
  readonly median: { readonly requestsPerSecond: number; readonly p50Ms: number; readonly p99Ms: number };
  /**
   * The median over rounds of (this server's req/s ÷ node:http's req/s in the same round): a
   * ratio of two runs made minutes apart would carry whatever else the machine did between them.
   */
  readonly ratio: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface GeneratorResult {
  readonly generator: GeneratorName;
  /** The command that repeats one run by hand. */
  readonly command: string;
  readonly servers: readonly ServerResult[];
}

export interface BenchReport {
  readonly benchmark: "microfast";
  readonly request: string;
  /** When the run started, ISO 8601. */
  readonly date: string;
  readonly machine: Machine;
  readonly settings: Settings;
  /** Which microfast was measured: "src/microfast/demo.ts of the reference of chapter 08". */
  readonly microfast: string;
  readonly generators: readonly GeneratorResult[];
}

export interface ServerRounds {
  readonly name: string;
  readonly response: ServerResult["response"];
  readonly rounds: readonly Measurement[];
}

/** One generator's rounds → medians and ratios; `baseline` names the server ratios divide by. */
export function summarise(servers: readonly ServerRounds[], baseline: string): ServerResult[] {
  const base = servers.find((s) => s.name === baseline);
  if (!base) throw new Error(`no rounds of the baseline ${baseline}`);
  const baseRate = new Map(base.rounds.map((m) => [m.round, m.requestsPerSecond]));
  return servers.map((server) => ({
    name: server.name,
    baseline: server.name === baseline,
    response: server.response,
    rounds: server.rounds,
    median: {
      requestsPerSecond: median(server.rounds.map((m) => m.requestsPerSecond)),
      p50Ms: median(server.rounds.map((m) => m.p50Ms)),
      p99Ms: median(server.rounds.map((m) => m.p99Ms)),
    },
    ratio: median(server.rounds.map((m) => m.requestsPerSecond / (baseRate.get(m.round) ?? Number.NaN))),
    non2xx: server.rounds.reduce((sum, m) => sum + m.non2xx, 0),
    errors: server.rounds.reduce((sum, m) => sum + m.errors, 0),
  }));
}

/**
 * A report as the JSON file stores it: indented, with arrays of plain values on one line, the
 * layout the course's formatter gives JSON, so a committed report passes `pnpm lint` as written.
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return `${text.replace(/\[\n\s+([^[\]{}]*?)\n\s*\]/g, (_, items: string) => `[${items.split(/,\n\s*/).join(", ")}]`)}\n`;
}

/** Non-2xx answers and connection errors over the whole run: any makes it a failed run. */
export function failures(report: BenchReport): string[] {
  return report.generators.flatMap((g) =>
    g.servers
      .filter((s) => s.non2xx > 0 || s.errors > 0)
      .map((s) => `${g.generator}: ${s.name} gave ${s.non2xx} non-2xx answers and ${s.errors} connection errors`),
  );
}
