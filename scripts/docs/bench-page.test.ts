// The "Benchmarks" page: docs/bench/README.md with the committed results of `pnpm bench
// microfast` under its title — their table and chart — or, with none committed, how to make them.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { svgChart } from "../bench/chart.ts";
import { markdownReport } from "../bench/report.ts";
import { type BenchReport, summarise } from "../bench/results.ts";
import type { Progress } from "../lib/progress.ts";
import { BENCH_COMMAND } from "./bench-page.ts";
import { buildSite } from "./build.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/course/", import.meta.url));
const PROGRESS = JSON.parse(readFileSync(join(FIXTURE, "progress.json"), "utf8")) as Progress;
const README = `# Benchmarks\n\nWhat the bench measures.\n\n## How to read the numbers\n\nMedians of rounds.\n`;

const report: BenchReport = {
  benchmark: "microfast",
  request: "GET /",
  date: "2026-12-01T10:00:00.000Z",
  machine: { cpus: 2, cpuModel: "Test CPU", os: "Linux 6.1", node: "v20.20.0", loadAverage: [0.1, 0.1, 0.1] },
  settings: { seconds: 5, connections: 50, rounds: 1, warmupSeconds: 1 },
  microfast: "src/microfast/demo.ts of the reference of chapter 09",
  generators: [
    {
      generator: "wrk",
      command: "wrk -t1 -c50 -d5s",
      servers: summarise(
        [
          ["microfast (09)", 31_234],
          ["node:http", 20_000],
        ].map(([name, rate]) => ({
          name: name as string,
          response: { bytes: 150, headers: 4 },
          rounds: [
            {
              round: 1,
              requests: 1,
              seconds: 5,
              requestsPerSecond: rate as number,
              p50Ms: 1,
              p99Ms: 2,
              non2xx: 0,
              errors: 0,
            },
          ],
        })),
        "node:http",
      ),
    },
  ],
};

let scratch: string;
let course: string;
const build = async () => {
  const outDir = join(scratch, `site-${Date.now()}`);
  await buildSite({ root: course, outDir, progress: PROGRESS, now: new Date("2026-12-02T08:00:00Z") });
  return { outDir, page: (url: string) => readFileSync(join(outDir, url), "utf8") };
};

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "docs-bench-"));
  course = join(scratch, "course");
  cpSync(FIXTURE, course, { recursive: true });
  mkdirSync(join(course, "docs", "bench"));
  writeFileSync(join(course, "docs", "bench", "README.md"), README);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the benchmark page", () => {
  test("without committed results, says how to make them; the home page and the sidebar link to it", async () => {
    const { page } = await build();
    const html = page("docs/bench.html");
    expect(html).toContain(`<h1 id="benchmarks">Benchmarks`);
    expect(html).toContain(`<code>${BENCH_COMMAND}</code>`);
    expect(html).not.toContain("<table>");
    expect(page("index.html")).toMatch(
      /<section class="part">\n<h2 id="microfast">[\s\S]*<a href="docs\/bench.html">Benchmarks<\/a>[\s\S]*<h2 id="tinyorm">/,
    );
    expect(html).toMatch(/<a href="\.\.\/docs\/bench.html" aria-current="page">.*Benchmarks/);
  });

  test("with results, shows the chart and the table under the title and lead, before the README's sections", async () => {
    writeFileSync(join(course, "docs", "bench", "microfast.md"), markdownReport(report, "microfast.svg"));
    writeFileSync(join(course, "docs", "bench", "microfast.svg"), svgChart(report));
    const { outDir, page } = await build();
    const html = page("docs/bench.html");
    expect(html).not.toContain(BENCH_COMMAND);
    const chart = html.indexOf(`<img src="../files/docs/bench/microfast.svg"`);
    const row = html.indexOf("<td>microfast (09)</td>");
    const reading = html.indexOf(`<h2 id="how-to-read-the-numbers">`);
    expect(html.indexOf("<p>What the bench measures.</p>")).toBeLessThan(chart);
    expect(html.indexOf("<h1")).toBeLessThan(html.indexOf("<p>What the bench measures.</p>"));
    expect(chart).toBeGreaterThan(-1);
    expect(row).toBeGreaterThan(chart);
    expect(reading).toBeGreaterThan(row);
    expect(html).toContain(`<td style="text-align:right">31,234</td>`);
    expect(html).toContain(`<td style="text-align:right">1.56×</td>`);
    expect(readFileSync(join(outDir, "files/docs/bench/microfast.svg"), "utf8")).toBe(svgChart(report));
    // Each generator's table is a section of the page: found by the search box.
    const index = JSON.parse(page("search-index.json")) as { heading?: string; url: string }[];
    expect(index).toContainEqual(
      expect.objectContaining({ heading: "wrk -t1 -c50 -d5s", url: "docs/bench.html#wrk--t1--c50--d5s" }),
    );
  });
});
