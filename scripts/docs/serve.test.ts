import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SiteServer, serveSite } from "./serve.ts";

let dir: string;
let server: SiteServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "docs-serve-"));
  mkdirSync(join(dir, "chapters"));
  writeFileSync(join(dir, "index.html"), "<h1>home</h1>");
  writeFileSync(join(dir, "404.html"), "<h1>not here</h1>");
  writeFileSync(join(dir, "chapters", "01 alpha.html"), "<h1>alpha</h1>");
  writeFileSync(join(dir, "site.css"), "body{}");
  server = await serveSite(dir, 0);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request: fetch() would normalise the dot segments a traversal attempt relies on. */
function get(path: string, method = "GET"): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject).end();
  });
}

test("listens on the loopback interface only", () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test("serves the home page at / and files with their types", async () => {
  expect(await get("/")).toEqual({ status: 200, type: "text/html; charset=utf-8", body: "<h1>home</h1>" });
  expect((await get("/site.css")).type).toBe("text/css; charset=utf-8");
  expect((await get("/chapters/01%20alpha.html")).body).toBe("<h1>alpha</h1>");
});

test("answers a missing page with the site's 404 page", async () => {
  expect(await get("/chapters/99.html")).toMatchObject({ status: 404, body: "<h1>not here</h1>" });
});

test("never serves a file outside the site folder", async () => {
  expect((await get("/..%2f..%2f..%2fetc%2fpasswd")).status).toBe(403);
  expect((await get("/../../etc/passwd")).status).not.toBe(200);
});

test("answers only GET and HEAD", async () => {
  expect((await get("/", "POST")).status).toBe(405);
  expect(await get("/", "HEAD")).toMatchObject({ status: 200, body: "" });
});
