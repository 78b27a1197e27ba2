// `pnpm bench`: its statistics on known data, its load harness against a server that counts what
// it served, its reports read back against the numbers they were made from, its compile step,
// its usage errors, and short real runs. No speed is asserted anywhere: numbers come from
// running the bench, never from a timed test.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TSX_LOADER } from "../shared/check/child-server.ts";
import { ROOT } from "../shared/course/chapters.ts";
import { svgChart } from "./bench/chart.ts";
import { CompileError, compile } from "./bench/compile.ts";
import { type Answer, helloProblem, parseAnswer } from "./bench/exchange.ts";
import { findWrk, type GeneratorName, parseWrkReport, runLoad } from "./bench/load.ts";
import { formatMs, formatRate, formatRatio, markdownReport } from "./bench/report.ts";
import { type BenchReport, failures, type Measurement, summarise, toJson } from "./bench/results.ts";
import { median, quantile } from "./bench/stats.ts";

const BENCH = join(ROOT, "scripts", "bench.ts");
const ENV = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
const HAS_WRK = findWrk() !== undefined;

function runBench(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, BENCH, ...args], { cwd: ROOT, env: ENV });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

describe("statistics", () => {
  test("quantile by nearest rank: a value that was measured, never one in between", () => {
    const sorted = Float64Array.from({ length: 1000 }, (_, i) => i + 1); // 1 … 1000
    expect(quantile(sorted, 0.5)).toBe(500);
    expect(quantile(sorted, 0.99)).toBe(990);
    expect(quantile(sorted, 1)).toBe(1000);
    expect(quantile(sorted, 0.0001)).toBe(1);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.99)).toBe(10);
    expect(quantile([0.2, 0.3, 9], 0.5)).toBe(0.3);
    expect(quantile([], 0.5)).toBeNaN();
  });

  test("median of an odd and an even number of rounds, in any order", () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  test("a ratio is the median of the per-round ratios, not the ratio of the medians", () => {
    const round = (r: number, rate: number, p99 = 1): Measurement => ({
      round: r,
      requests: rate,
      seconds: 1,
      requestsPerSecond: rate,
      p50Ms: p99 / 2,
      p99Ms: p99,
      non2xx: 0,
      errors: 0,
    });
    const response = { bytes: 100, headers: 4 };
    const [ours, base] = summarise(
      [
        // The machine is busy in round 2: both servers slow down together.
        { name: "microfast", response, rounds: [round(1, 300, 4), round(2, 100, 9), round(3, 330, 2)] },
        { name: "node:http", response, rounds: [round(1, 200), round(2, 50), round(3, 100)] },
      ],
      "node:http",
    );
    expect(ours!.median.requestsPerSecond).toBe(300);
    expect(ours!.median.p99Ms).toBe(4);
    expect(ours!.ratio).toBe(2); // per round 1.5, 2 and 3.3; the medians alone would say 300 / 100 = 3
    expect(ours!.baseline).toBe(false);
    expect(base!.ratio).toBe(1);
    expect(base!.baseline).toBe(true);
  });
});

describe("the load harness", () => {
  let server: Server;
  let served = 0;
  let status = 200;
  let url: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      served++;
      response.writeHead(status, { "Content-Type": "text/plain", "Content-Length": 2 }).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("autocannon asked for 300 requests counts exactly the 300 the server served", async () => {
    served = 0;
    status = 200;
    const run = await runLoad("autocannon", { url, connections: 3, seconds: 1, amount: 300 });
    expect(served).toBe(300);
    expect(run.requests).toBe(300);
    expect(run).toMatchObject({ generator: "autocannon", non2xx: 0, errors: 0 });
    expect(run.p50Ms).toBeGreaterThan(0);
    expect(run.p99Ms).toBeGreaterThanOrEqual(run.p50Ms);
  }, 30_000);

  test("autocannon counts answers that are not 2xx", async () => {
    served = 0;
    status = 503;
    const run = await runLoad("autocannon", { url, connections: 2, seconds: 1, amount: 50 });
    expect(served).toBe(50);
    expect(run.non2xx).toBe(50);
  }, 30_000);

  const timed: GeneratorName[] = HAS_WRK ? ["autocannon", "wrk"] : ["autocannon"];
  test.each(timed)(
    "%s in a timed run counts what the server served, less at most one request in flight per connection",
    async (generator) => {
      served = 0;
      status = 200;
      const connections = 4;
      const run = await runLoad(generator, { url, connections, seconds: 1 });
      expect(run.requests).toBeGreaterThan(0);
      expect(served - run.requests).toBeGreaterThanOrEqual(0);
      expect(served - run.requests).toBeLessThanOrEqual(connections);
      expect(run.requestsPerSecond).toBeCloseTo(run.requests / run.seconds, 6);
      expect(run).toMatchObject({ generator, non2xx: 0, errors: 0 });
    },
    30_000,
  );

  test("reads wrk's report: latencies in microseconds, statuses of 400 and above as non-2xx", () => {
    const out = `Running 5s test @ http://127.0.0.1:1/\n  1 threads and 50 connections\nWRK_REPORT {"requests":1000,"durationUs":2000000,"p50Us":1500,"p99Us":4250,"errors":{"connect":1,"read":2,"write":0,"status":7,"timeout":3}}\n`;
    expect(parseWrkReport(out)).toEqual({
      generator: "wrk",
      requests: 1000,
      seconds: 2,
      requestsPerSecond: 500,
      p50Ms: 1.5,
      p99Ms: 4.25,
      non2xx: 7,
      errors: 6,
    });
    expect(() => parseWrkReport("wrk: invalid URL")).toThrow(/no report/);
  });
});

describe("a server's answer to GET /", () => {
  const answer = (raw: string) => parseAnswer(Buffer.from(raw)) as Answer;
  const hello = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\n\r\nHello, World!";

  test("is read whole, however much has arrived", () => {
    for (let cut = 0; cut < hello.length; cut++) expect(parseAnswer(Buffer.from(hello.slice(0, cut)))).toBeUndefined();
    expect(answer(hello)).toEqual({
      status: 200,
      headers: [
        ["Content-Type", "text/plain; charset=utf-8"],
        ["Content-Length", "13"],
      ],
      body: "Hello, World!",
      bytes: hello.length,
    });
    expect(parseAnswer(Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"))).toBeInstanceOf(Error);
  });

  test("must match the demo's status, type and body before the server is measured", () => {
    expect(helloProblem(answer(hello))).toBeUndefined();
    expect(helloProblem(answer(hello.replace("200 OK", "404 Not Found")))).toMatch(/answered 404/);
    expect(helloProblem(answer(hello.replace("text/plain; charset=utf-8", "text/html")))).toMatch(/Content-Type/);
    expect(helloProblem(answer(hello.replace("Hello, World!", "Hello, world!")))).toMatch(/"Hello, world!"/);
  });
});

describe("the reports", () => {
  const measurement = (round: number, rate: number): Measurement => ({
    round,
    requests: rate * 5,
    seconds: 5,
    requestsPerSecond: rate,
    p50Ms: 2_000 / rate,
    p99Ms: 9_000 / rate,
    non2xx: 0,
    errors: round === 2 && rate === 9_000 ? 1 : 0,
  });
  const servers = (rates: Record<string, number[]>) =>
    summarise(
      Object.entries(rates).map(([name, list]) => ({
        name,
        response: { bytes: 150, headers: 4 },
        rounds: list.map((rate, i) => measurement(i + 1, rate)),
      })),
      "node:http",
    );
  const report: BenchReport = {
    benchmark: "microfast",
    request: "GET /",
    date: "2026-12-01T10:00:00.000Z",
    machine: { cpus: 2, cpuModel: "Test CPU", os: "Linux 6.1", node: "v20.20.0", loadAverage: [0.1, 0.2, 0.3] },
    settings: { seconds: 5, connections: 50, rounds: 3, warmupSeconds: 1 },
    microfast: "src/microfast/demo.ts of the reference of chapter 09",
    generators: [
      {
        generator: "autocannon",
        command: "autocannon -c 50 -d 5",
        servers: servers({ "microfast (09)": [15_000, 16_000, 15_500], "node:http": [14_000, 15_000, 14_500] }),
      },
      {
        generator: "wrk",
        command: "wrk -t1 -c50 -d5s",
        servers: servers({
          "microfast (09)": [40_000, 42_000, 41_000],
          "node:http": [21_000, 20_000, 22_000],
          Express: [9_000, 9_000, 8_000],
        }),
      },
    ],
  };

  test("the markdown has one table per generator, with the numbers of the JSON", () => {
    const markdown = markdownReport(report, "microfast.svg");
    expect(markdown).toContain("![");
    expect(markdown).toContain("](microfast.svg)");
    expect(markdown).toContain("2 × Test CPU");
    expect(markdown.startsWith("## The last run\n")).toBe(true);
    const sections = markdown.split(/^### /m).slice(1);
    expect(sections.map((s) => s.split("\n")[0])).toEqual(report.generators.map((g) => g.command));
    for (const [i, generator] of report.generators.entries()) {
      const rows = sections[i]!.split("\n")
        .filter((line) => line.startsWith("| ") && !line.startsWith("| server") && !line.startsWith("| ---"))
        .map((line) =>
          line
            .slice(2, -2)
            .split(" | ")
            .map((cell) => cell.trim()),
        );
      expect(rows).toEqual(
        generator.servers.map((s) => [
          s.name,
          formatRate(s.median.requestsPerSecond),
          formatRatio(s.ratio),
          formatMs(s.median.p50Ms),
          formatMs(s.median.p99Ms),
          String(s.non2xx),
          String(s.errors),
          String(s.response.bytes),
        ]),
      );
    }
  });

  test("the chart has one bar per server and generator, its length to scale and its numbers printed on it", () => {
    const svg = svgChart(report);
    const bars = [
      ...svg.matchAll(
        /<g class="bar" data-generator="(\w+)" data-server="([^"]+)" data-rate="([\d.]+)" data-ratio="([\d.]+)">.*?<rect [^>]*width="([\d.]+)"[^>]*\/><text [^>]*>([^<]+)<\/text><\/g>/g,
      ),
    ].map(([, generator, server, rate, ratio, width, label]) => ({
      generator,
      server,
      rate: Number(rate),
      ratio: Number(ratio),
      width: Number(width),
      label,
    }));
    const expected = report.generators.flatMap((g) =>
      g.servers.map((s) => ({
        generator: g.generator,
        server: s.name,
        rate: s.median.requestsPerSecond,
        ratio: s.ratio,
      })),
    );
    expect(bars.map(({ generator, server, rate, ratio }) => ({ generator, server, rate, ratio }))).toEqual(expected);
    const widest = bars.reduce((a, b) => (b.rate > a.rate ? b : a));
    for (const bar of bars) {
      expect(bar.width / widest.width).toBeCloseTo(bar.rate / widest.rate, 2);
      expect(bar.label).toContain(`${formatRate(bar.rate)} req/s · ${formatRatio(bar.ratio)}`);
    }
    expect(bars.filter((b) => b.label?.includes("(baseline)")).map((b) => b.server)).toEqual([
      "node:http",
      "node:http",
    ]);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2); // node:http's 1.00× line, in each panel
  });

  test("the JSON reads back as the report, in the formatter's layout (lists of numbers on one line)", () => {
    const json = toJson(report);
    expect(JSON.parse(json)).toEqual(report);
    expect(json).toContain(`"loadAverage": [0.1, 0.2, 0.3]`);
    expect(json).toMatch(/"generators": \[\n {4}\{\n/);
  });

  test("any non-2xx answer or connection error fails the run, naming the server", () => {
    expect(failures(report)).toEqual(["wrk: Express gave 0 non-2xx answers and 1 connection errors"]);
  });
});

describe("compiling a tree", () => {
  let tree: string;
  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), "bench-compile-"));
    mkdirSync(join(tree, "src", "app"), { recursive: true });
    mkdirSync(join(tree, "examples"));
    writeFileSync(join(tree, "examples", "note.txt"), "found beside the sources");
    writeFileSync(join(tree, "src", "app", "greeting.ts"), `export const greet = (name: string): string => name;\n`);
    writeFileSync(
      join(tree, "src", "app", "main.ts"),
      `import { readFileSync } from "node:fs";\nimport { greet } from "./greeting.ts";\nconst note = new URL("../../examples/note.txt", import.meta.url);\nconsole.log(greet(readFileSync(note, "utf8")));\n`,
    );
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  test("bundles the entry into one module that still finds files relative to itself, and reuses the build", async () => {
    const built = await compile(tree, "src/app/main.ts");
    try {
      expect(built.file).toBe(join(built.dir, "src", "app", "main.js"));
      expect(readFileSync(built.file, "utf8")).not.toMatch(/__name\(|import .*greeting/);
      const run = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [built.file]);
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.on("exit", () => resolve(out));
      });
      expect(run.trim()).toBe("found beside the sources");
      const built_at = statSync(built.file).mtimeMs;
      expect(await compile(tree, "src/app/main.ts")).toEqual(built);
      expect(statSync(built.file).mtimeMs).toBe(built_at);
      writeFileSync(
        join(tree, "src", "app", "greeting.ts"),
        `export const greet = (name: string): string => \`\${name}!\`;\n`,
      );
      const rebuilt = await compile(tree, "src/app/main.ts");
      expect(rebuilt.dir).not.toBe(built.dir);
      rmSync(rebuilt.dir, { recursive: true, force: true });
    } finally {
      rmSync(built.dir, { recursive: true, force: true });
    }
  });

  test("a change in a folder named in `sources` rebuilds, as a change in the tree does", async () => {
    const outside = mkdtempSync(join(tmpdir(), "bench-compile-source-"));
    const built = await compile(tree, "src/app/main.ts", { sources: [outside] });
    try {
      expect(await compile(tree, "src/app/main.ts", { sources: [outside] })).toEqual(built);
      writeFileSync(join(outside, "aliased.ts"), "export const changed = true;\n");
      const rebuilt = await compile(tree, "src/app/main.ts", { sources: [outside] });
      expect(rebuilt.dir).not.toBe(built.dir);
      rmSync(rebuilt.dir, { recursive: true, force: true });
    } finally {
      rmSync(built.dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test("a syntax error names the file, line and column", async () => {
    writeFileSync(join(tree, "src", "app", "broken.ts"), `export const a = 1;\nexport const b = ;\n`);
    const error = await compile(tree, "src/app/broken.ts").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompileError);
    expect((error as Error).message).toMatch(/src\/app\/broken\.ts:2:\d+: /);
    expect((error as Error).message).toContain("export const b = ;");
  });
});

// Each of these starts the bench as a learner does; they run side by side (no timing is asserted).
describe.concurrent("pnpm bench, run as a command", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "bench-out-"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test("measures the five servers and writes the table, the JSON, the markdown and the chart", async () => {
    const generator = HAS_WRK ? "wrk" : "autocannon";
    const r = await runBench(
      "microfast",
      ...[
        "--seconds",
        "1",
        "--rounds",
        "1",
        "--warmup",
        "0",
        "--connections",
        "4",
        "--generator",
        generator,
        "--out",
        out,
      ],
    );
    expect(r.code, r.out + r.err).toBe(0);
    for (const name of ["microfast \\(\\d\\d\\)", "node:http", "Fastify", "Express", "node:net canned"]) {
      expect(r.out).toMatch(new RegExp(`^ {2}${name} +[\\d,]+ +\\d+\\.\\d\\d× +[\\d.]+ +[\\d.]+ +0 +0 +\\d+$`, "m"));
    }
    expect(r.out).toContain("saturates its own core");
    const json = JSON.parse(readFileSync(join(out, "microfast.json"), "utf8")) as BenchReport;
    expect(json.machine.cpus).toBeGreaterThan(0);
    expect(json.generators.map((g) => g.generator)).toEqual([generator]);
    expect(json.generators[0]!.servers.map((s) => s.name).slice(1)).toEqual([
      "node:http",
      "Fastify",
      "Express",
      "node:net canned",
    ]);
    expect(json.generators[0]!.servers.find((s) => s.baseline)?.ratio).toBe(1);
    expect(existsSync(join(out, "microfast.md"))).toBe(true);
    expect(readFileSync(join(out, "microfast.svg"), "utf8")).toMatch(/^<svg /);
  }, 60_000);

  test("--memory holds keep-alive connections open and reports each server's memory growth", async () => {
    const r = await runBench("microfast", "--memory", "--connections", "200", "--out", out);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/^ {2}microfast \(\d\d\) +[\d.]+ MiB +[\d.]+ MiB +[+−][\d.]+ MiB +200\/200$/m);
    expect(r.out).toMatch(/^ {2}node:http +[\d.]+ MiB +[\d.]+ MiB +[+−][\d.]+ MiB +200\/200$/m);
    const json = JSON.parse(readFileSync(join(out, "microfast-memory.json"), "utf8")) as {
      servers: { name: string; beforeKiB: number; afterKiB: number; openAtReading: number }[];
    };
    expect(json.servers.map((s) => s.openAtReading)).toEqual([200, 200]);
    for (const s of json.servers) expect(s.beforeKiB).toBeGreaterThan(0);
  }, 60_000);

  test("tinyorm: every answer of the four checked, the rows loaded and counted, the pool soaked, the reports written", async () => {
    const r = await runBench(
      "tinyorm",
      ...["--seconds", "1", "--rounds", "1", "--rows", "5000", "--soak-seconds", "2", "--out", out],
    );
    expect(r.code, r.out + r.err).toBe(0);
    const json = JSON.parse(readFileSync(join(out, "tinyorm.json"), "utf8")) as {
      select: { name: string; queriesPerSecond: number; rounds: { wrong: number; errors: number }[] }[];
      bulk: { name: string; median: number }[];
      soak: {
        calls: number;
        answered: number;
        succeeded: number;
        killed: number;
        hung: number;
        sessionsAfterEnd: number;
      };
      bars: { bar: string; met: boolean | string }[];
    };
    expect(json.select.map((s) => s.name)).toEqual(["pg (raw)", "tinyorm", "Kysely", "Drizzle"]);
    for (const s of json.select) {
      expect(s.queriesPerSecond, s.name).toBeGreaterThan(0);
      expect(
        s.rounds.map((round) => round.wrong + round.errors),
        s.name,
      ).toEqual([0]);
    }
    expect(json.bulk.map((b) => b.name)).toEqual([
      "pg INSERT (raw)",
      "tinyorm INSERT",
      "pg COPY (raw)",
      "tinyorm COPY",
    ]);
    for (const b of json.bulk) expect(b.median, b.name).toBeGreaterThan(0);
    // Two seconds with a backend killed every half second: faults happened, and every call was answered.
    expect(json.soak.killed).toBeGreaterThan(0);
    expect(json.soak.succeeded).toBeGreaterThan(0);
    expect(json.soak.answered).toBe(json.soak.calls);
    expect([json.soak.hung, json.soak.sessionsAfterEnd]).toEqual([0, 0]);
    // The COPY bar is judged from measured figures (met or not: speed is never asserted here).
    expect(json.bars.find((b) => b.bar.startsWith("COPY"))?.met).toBeTypeOf("boolean");
    expect(readFileSync(join(out, "tinyorm.md"), "utf8")).toMatch(
      /^\| tinyorm \| [\d,]+ \| [\d.]+ \| [\d.]+ \| \d+ \| [\d.]+ \|$/m,
    );
  }, 120_000);

  test.each([
    [["tinyorm", "--rounds", "10"], /^--rounds must be a whole number from 1 to 9, not "10"$/],
    [["tinyorm", "--only", "copy"], /^--only must be one of select, bulk, soak, not "copy"$/],
    [["tinyorm", "extra"], /^unexpected argument "extra"$/],
  ])("tinyorm used wrongly, %j: one line and the usage, exit 2, before any database starts", async (args, message) => {
    const r = await runBench(...args);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split("\n");
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(/^usage: pnpm bench tinyorm/);
    expect(lines).toHaveLength(2);
  });

  test.each([
    [[], /^which benchmark\? available: microfast, tinyorm, unamex$/],
    [["nope"], /^unknown benchmark "nope"; available: microfast, tinyorm, unamex$/],
    [["microfast", "--seconds", "0"], /^--seconds must be a whole number from 1 to 60, not "0"$/],
    [["microfast", "--connections", "many"], /^--connections must be a whole number from 1 to 1000, not "many"$/],
    [["microfast", "--rounds", "10"], /^--rounds must be a whole number from 1 to 9, not "10"$/],
    [["microfast", "--warmup", "x"], /^--warmup must be a whole number from 0 to 10, not "x"$/],
    [["microfast", "--generator", "ab"], /^--generator must be autocannon, wrk or both, not "ab"$/],
    [["microfast", "--chapter", "99"], /^unknown chapter "99"; valid chapters: 01 echo-server/],
    [["microfast", "--chapter", "01"], /^the reference of chapter 01 has no HTTP server/],
    [["microfast", "--bogus"], /^Unknown option '--bogus'/],
  ])("used wrongly, %j: says what is wrong in one line, exit 2", async (args, message) => {
    const r = await runBench(...args);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split("\n");
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBeLessThanOrEqual(2);
    if (lines[1]) expect(lines[1]).toMatch(/^usage: pnpm bench microfast/);
  });
});
