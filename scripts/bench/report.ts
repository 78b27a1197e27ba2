// A bench report in words: the table printed at the end of a run and the markdown file beside
// the JSON. Both are made from the same BenchReport, with the same number formats.
import { cpus, loadavg, release, type } from "node:os";
import type { BenchReport, GeneratorResult } from "./results.ts";

/** This machine in one line, and how busy it is now: the first line a bench prints. */
export function machineLine(): { machine: string; load: string } {
  return {
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${type()} ${release()}, Node ${process.version}`,
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  };
}

/** The one sentence that explains why the two generators disagree. */
export const GENERATOR_NOTE =
  "On two cores a JavaScript load generator (autocannon) saturates its own core before a fast server saturates the other, so its numbers flatten at the top; wrk, in C, shows how far apart the fast servers really are.";

export const formatRate = (perSecond: number) => Math.round(perSecond).toLocaleString("en-US");
export const formatRatio = (ratio: number) => `${ratio.toFixed(2)}×`;
export const formatMs = (ms: number) => ms.toFixed(2);

const COLUMNS = ["server", "req/s", "× node:http", "p50 ms", "p99 ms", "non-2xx", "errors", "bytes"] as const;

function rows(generator: GeneratorResult): string[][] {
  return generator.servers.map((s) => [
    s.name,
    formatRate(s.median.requestsPerSecond),
    formatRatio(s.ratio),
    formatMs(s.median.p50Ms),
    formatMs(s.median.p99Ms),
    String(s.non2xx),
    String(s.errors),
    String(s.response.bytes),
  ]);
}

/** What was measured, how, and on what: the first lines of both the table and the markdown. */
export function describeRun(report: Pick<BenchReport, "request" | "settings" | "microfast">): string {
  const { seconds, connections, rounds, warmupSeconds } = report.settings;
  return `${report.request} on 127.0.0.1, ${connections} connections, ${rounds} round${rounds === 1 ? "" : "s"} of ${seconds} s per server and load generator (medians)${warmupSeconds ? `, each server warmed up for ${warmupSeconds} s first` : ", no warm-up"}; microfast is ${report.microfast}, compiled with esbuild.`;
}

export function describeMachine(report: BenchReport): string {
  const m = report.machine;
  const load = m.loadAverage.map((l) => l.toFixed(2)).join(", ");
  return `Measured ${report.date.slice(0, 16).replace("T", " ")} UTC on ${m.cpus} × ${m.cpuModel}, ${m.os}, Node ${m.node} (load average ${load} at the start).`;
}

/** The report as aligned columns for a terminal. */
export function textTable(report: BenchReport): string {
  const out: string[] = [];
  for (const generator of report.generators) {
    const table = [[...COLUMNS], ...rows(generator)];
    const widths = COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    out.push("", generator.command);
    for (const row of table) {
      out.push(`  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")}`);
    }
  }
  return out.join("\n");
}

/**
 * The markdown file: what was run, on what machine, the chart, and a table per generator. It
 * opens with a section heading, not a title: the course site shows it inside the benchmark page.
 */
export function markdownReport(report: BenchReport, chartFile: string): string {
  const sections = report.generators.map((generator) => {
    const header = `| ${COLUMNS.join(" | ")} |\n| --- |${" ---: |".repeat(COLUMNS.length - 1)}`;
    const body = rows(generator).map((row) => `| ${row.join(" | ")} |`);
    return `### ${generator.command}\n\n${header}\n${body.join("\n")}\n`;
  });
  return `## The last run

${describeRun(report)}

${describeMachine(report)}

![Requests per second of each server under each load generator; node:http is 1.00×](${chartFile})

${GENERATOR_NOTE}

${sections.join("\n")}`;
}
