// `pnpm demo microfast`: the newest microfast demo app, started as a learner starts it, on a
// free port: its routes and its static files answer over real sockets, a signal stops it — also
// one sent to pnpm, the top of the process tree — and a wrong argument gets one usage line (exit 2).
// `pnpm demo tinyorm`: the newest tinyorm reference's users API on a fresh database, its whole
// contract exercised over HTTP, and stopped by a signal.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../shared/course/chapters.ts";
import { newestReference } from "../shared/course/trees.ts";
import { freePort } from "../shared/services/free-port.ts";
import { runScript } from "./lib/run-script.ts";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const DEMO = join(ROOT, "scripts", "demo.ts");
const ENV = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
const READY_TIMEOUT_MS = 15_000;
/** The tinyorm demo also makes a database and migrates it before it listens. */
const TINYORM_READY_TIMEOUT_MS = 30_000;
/** How long the server may outlive pnpm: the demo looks for its parent once a second. */
const STOP_TIMEOUT_MS = 5_000;

/** Sends raw bytes and collects everything until the server closes the connection. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
    socket.write(request);
  });
}

/** Sends raw bytes and collects every byte until the server closes the connection. */
function rawBytes(port: number, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const pieces: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => pieces.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(pieces)));
    socket.on("error", reject);
    socket.write(request);
  });
}

/** The data of a chunked body (RFC 9112 §7.1), without its framing. */
function dechunk(body: Buffer): Buffer {
  const pieces: Buffer[] = [];
  for (let at = 0; ; ) {
    const line = body.indexOf("\r\n", at);
    const size = Number.parseInt(body.subarray(at, line).toString("latin1"), 16);
    if (size === 0) return Buffer.concat(pieces);
    pieces.push(body.subarray(line + 2, line + 2 + size));
    at = line + 2 + size + 2;
  }
}

describe.each([[[]], [["nope"]], [["microfast", "extra"]], [["tinyorm", "extra"]], [["--bogus"]]])(
  "pnpm demo %j",
  (args) => {
    test("prints one usage line and exits 2", async () => {
      const result = await runScript(DEMO, args, ENV);
      expect(result.code).toBe(2);
      const lines = result.err.trim().split("\n");
      expect(lines.at(-1)).toBe("usage: pnpm demo microfast|tinyorm");
      expect(lines.length).toBeLessThanOrEqual(2);
    });
  },
);

describe("pnpm demo microfast", () => {
  let child: ChildProcess;
  let port: number;
  let output = "";

  beforeAll(async () => {
    port = await freePort();
    child = spawn(process.execPath, [TSX, DEMO, "microfast"], {
      cwd: ROOT,
      env: { ...ENV, HOST: "127.0.0.1", PORT: String(port) },
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!output.includes(`listening on http://127.0.0.1:${port}`)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the demo did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, READY_TIMEOUT_MS + 5_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  test("prints the address it listens on, once", () => {
    expect(output.split(`listening on http://127.0.0.1:${port}`).length - 1).toBe(1);
  });

  test("runs microfast compiled by esbuild, as the bench measures it", () => {
    expect(output).toMatch(
      /^running solutions\/\d\d-[a-z0-9-]+\/src\/microfast\/demo\.ts \(microfast as of chapter \d\d, compiled\)/m,
    );
  });

  test("GET / answers 200 text/plain Hello, World!", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("Hello, World!");
  });

  test("GET /users/{id} answers the integer id as JSON, and 422 for a non-integer", async () => {
    const ok = await fetch(`http://127.0.0.1:${port}/users/42`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 42 });
    const bad = await fetch(`http://127.0.0.1:${port}/users/abc`);
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await bad.json()) as { detail: { loc: unknown; type: unknown; msg: unknown }[] };
    expect(body.detail).toHaveLength(1);
    expect(body.detail[0]).toMatchObject({ loc: ["path", "id"], type: "int_parsing" });
    expect(typeof body.detail[0]!.msg).toBe("string");
  });

  test("POST /echo answers the body and its Content-Type (Content-Length framing)", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/echo`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"hello":"wörld"}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe('{"hello":"wörld"}');
  });

  test("POST /echo answers a chunked body whole", async () => {
    const request =
      "POST /echo HTTP/1.1\r\nHost: demo\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\na,b\n\r\n6\r\n1,2,3\n\r\n0\r\n\r\n";
    const response = await rawExchange(port, request);
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toMatch(/\r\nContent-Type: text\/csv\r\n/i);
    expect(response.endsWith("\r\n\r\na,b\n1,2,3\n")).toBe(true);
  });

  test('a body over the server\'s limit is refused below the app, and still answered as JSON {"detail": …}', async () => {
    const request =
      "POST /echo HTTP/1.1\r\nHost: demo\r\nContent-Type: text/plain\r\nContent-Length: 1099511627776\r\n\r\n";
    const response = await rawExchange(port, request);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/\r\nContent-Type: application\/json\r\n/i);
    const body = JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4)) as { detail?: unknown };
    expect(typeof body.detail).toBe("string");
  });

  test("GET /static/* serves the examples folder, compressed for a client that accepts gzip", async () => {
    const newest = newestReference("microfast");
    expect(newest).toBeDefined();
    const file = readFileSync(join(newest!.dir, "examples", "static", "index.html"));
    const raw = await rawBytes(
      port,
      "GET /static/index.html HTTP/1.1\r\nHost: demo\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n",
    );
    const split = raw.indexOf("\r\n\r\n");
    const head = raw.subarray(0, split + 2).toString("latin1");
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head).toMatch(/\r\nContent-Type: text\/html; charset=utf-8\r\n/i);
    expect(head).toMatch(/\r\nContent-Encoding: gzip\r\n/i);
    expect(head).toMatch(/\r\nVary: Accept-Encoding\r\n/i);
    expect(head).toMatch(/\r\nTransfer-Encoding: chunked\r\n/i);
    expect(gunzipSync(dechunk(raw.subarray(split + 4)))).toEqual(file);
    const plain = await fetch(`http://127.0.0.1:${port}/static/notes.txt`, {
      headers: { "Accept-Encoding": "identity" },
    });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("etag")).toMatch(/^"/);
    expect(Buffer.from(await plain.arrayBuffer())).toEqual(
      readFileSync(join(newest!.dir, "examples", "static", "notes.txt")),
    );
  });

  test("SIGTERM stops the demo", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("pnpm demo tinyorm", () => {
  let child: ChildProcess;
  let base: string;
  let output = "";

  /** One request to the demo, a body sent as JSON; the answer's status and parsed body. */
  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text && response.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : text,
    };
  }

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [TSX, DEMO, "tinyorm"], {
      cwd: ROOT,
      env: { ...ENV, HOST: "127.0.0.1", PORT: String(port) },
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + TINYORM_READY_TIMEOUT_MS;
    while (!output.includes(`listening on ${base}`)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the demo did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, TINYORM_READY_TIMEOUT_MS + 5_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  test("prints the address it listens on, once, and the reference it runs", () => {
    expect(output.split(`listening on ${base}`).length - 1).toBe(1);
    expect(output).toMatch(
      /^running solutions\/\d\d-[a-z0-9-]+\/src\/tinyorm\/demo\.ts \(tinyorm as of chapter \d\d\)/m,
    );
  });

  test("POST /users: 201 with the id, 409 for the same username, 422 for an empty or over-long one", async () => {
    const created = await call("POST", "/users", { username: "ada" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: "ada", id: expect.any(Number) });
    expect((await call("POST", "/users", { username: "ada" })).status).toBe(409);
    expect((await call("POST", "/users", { username: "" })).status).toBe(422);
    expect((await call("POST", "/users", { username: "x".repeat(200) })).status).toBe(422);
  });

  test("GET /users/{id} answers 200 or 404; GET /users lists by prefix, ordered by username, at most limit", async () => {
    const made = (await call("POST", "/users", { username: "alan" })).body as { id: number };
    for (const username of ["anita", "bob", "aaron"])
      expect((await call("POST", "/users", { username })).status).toBe(201);
    const one = await call("GET", `/users/${made.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: made.id, username: "alan" });
    expect((await call("GET", "/users/999999")).status).toBe(404);
    const list = await call("GET", "/users?prefix=a&limit=3");
    expect(list.status).toBe(200);
    expect((list.body as { username: string }[]).map((user) => user.username)).toEqual(["aaron", "ada", "alan"]);
  });

  test("PATCH /users/{id} answers 200 with the change; DELETE answers 204, then 404", async () => {
    const made = (await call("POST", "/users", { username: "edsger" })).body as { id: number };
    const patched = await call("PATCH", `/users/${made.id}`, { username: "edsger_d" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: made.id, username: "edsger_d" });
    expect(await call("DELETE", `/users/${made.id}`)).toEqual({ status: 204, body: "" });
    expect((await call("GET", `/users/${made.id}`)).status).toBe(404);
  });

  test("SIGTERM stops the demo", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("pnpm demo microfast, run by pnpm", () => {
  /** Whether anything accepts a connection on the port. */
  function answers(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
  }

  // pnpm → sh → node: pnpm hands a SIGTERM to the shell alone, and the shell does not pass it on.
  test(
    "SIGTERM to the pnpm process stops the server too",
    async () => {
      const port = await freePort();
      // A process group of its own, so whatever is left of the command can be cleaned up after.
      const pnpm = spawn("pnpm", ["demo", "microfast"], {
        cwd: ROOT,
        env: { ...ENV, HOST: "127.0.0.1", PORT: String(port) },
        detached: true,
      });
      let output = "";
      pnpm.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      pnpm.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      try {
        const ready = Date.now() + READY_TIMEOUT_MS;
        while (!output.includes(`listening on http://127.0.0.1:${port}`)) {
          if (pnpm.exitCode !== null || Date.now() > ready) throw new Error(`the demo did not start:\n${output}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(await answers(port)).toBe(true);
        pnpm.kill("SIGTERM");
        const deadline = Date.now() + STOP_TIMEOUT_MS;
        while ((await answers(port)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await answers(port), `the server still answers ${STOP_TIMEOUT_MS} ms after pnpm got SIGTERM`).toBe(
          false,
        );
      } finally {
        try {
          process.kill(-pnpm.pid!, "SIGKILL");
        } catch {
          // The whole group is gone already: nothing to clean up.
        }
      }
    },
    READY_TIMEOUT_MS + STOP_TIMEOUT_MS + 5_000,
  );
});
