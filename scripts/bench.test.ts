// `pnpm bench`: wrong arguments get one line and the usage (exit 2); a short real run against
// the newest microfast server prints both rows and the ratio. No speed is asserted here:
// numbers come from running the bench, never from a timed test.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ROOT } from "../shared/course/chapters.ts";
import { quantile, ResponseReader } from "./bench/load.ts";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const BENCH = join(ROOT, "scripts", "bench.ts");
const ENV = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };

function runSync(...args: string[]) {
  const result = spawnSync(process.execPath, [TSX, BENCH, ...args], { cwd: ROOT, encoding: "utf8", env: ENV });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("pnpm bench, used wrongly", () => {
  test.each([
    [[], /^which benchmark\? available: microfast$/],
    [["nope"], /^unknown benchmark "nope"; available: microfast$/],
    [["microfast", "--seconds", "0"], /^--seconds must be a whole number from 1 to 60, not "0"$/],
    [["microfast", "--connections", "many"], /^--connections must be a whole number from 1 to 1000, not "many"$/],
    [["microfast", "--chapter", "99"], /^unknown chapter "99"; valid chapters: 01 echo-server/],
    [["microfast", "--chapter", "01"], /^the reference of chapter 01 has no HTTP server/],
    [["microfast", "--bogus"], /^Unknown option '--bogus'/],
  ])("%j: says what is wrong in one line, exit 2", (args, message) => {
    const r = runSync(...args);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split("\n");
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBeLessThanOrEqual(2);
    if (lines[1]) expect(lines[1]).toMatch(/^usage: pnpm bench microfast/);
  });
});

test("a one-second run measures node:http and microfast and prints their ratio", async () => {
  const child = spawn(process.execPath, [TSX, BENCH, "microfast", "--seconds", "1", "--connections", "4"], {
    cwd: ROOT,
    env: ENV,
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(out, out).toMatch(/^ {2}node:http +\d+ req\/s +p50 +[\d.]+ ms +p99 +[\d.]+ ms +[1-9]\d* responses/m);
  expect(out, out).toMatch(/^ {2}microfast \(\d\d\) +\d+ req\/s .* [1-9]\d* responses/m);
  expect(out).toMatch(/^microfast \/ node:http = \d+\.\d\d of the throughput$/m);
  expect(code).toBe(0);
}, 60_000);

describe("the bench's response reader", () => {
  const response = (body: string) => `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  test("counts responses however the bytes are cut", () => {
    const bytes = Buffer.from(
      response("Hello, World!") + response("") + "HTTP/1.1 404 Not Found\r\ncontent-length: 3\r\n\r\nno!",
    );
    for (let cut = 1; cut < bytes.length; cut++) {
      const reader = new ResponseReader();
      expect([...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))]).toEqual([200, 200, 404]);
    }
  });

  test("refuses a response it cannot frame instead of miscounting", () => {
    expect(() =>
      new ResponseReader().push(Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")),
    ).toThrow(/Content-Length responses only/);
  });

  test("quantiles by nearest rank", () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(quantile(sorted, 0.5)).toBe(5);
    expect(quantile(sorted, 0.99)).toBe(10);
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(new Float64Array(), 0.5)).toBeNaN();
  });
});
