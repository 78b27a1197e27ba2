// Stage 08.1: files from a folder under /static — each with its bytes, the media type of its
// extension, Content-Length, a strong ETag and Last-Modified — streamed from disk, so a large
// file costs the server no more memory than a small one. tests/apps/static.ts serves the
// folder tests/fixtures/static-root.ts builds.
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { test } from "vitest";
import { budgetMs } from "../../../shared/check/budget.ts";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { sendRequest } from "../../../shared/check/http-client.ts";
import { startLabServer } from "../../../shared/check/lab-server.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { growthWhileStalled } from "../../../shared/check/stalled-memory.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { buildRequest, exchange, expectBody, expectHeader, expectStatus, fail, readExchange } from "./exchange.ts";
import { CACHE_CONTROL, DATED_LAST_MODIFIED, FILES, PREFIX, staticRoot, urlOf } from "./fixtures/static-root.ts";

const STATIC_APP = checkApp("static");
const MiB = 1024 * 1024;
/** The large file: well beyond MAX_GROWTH_BYTES even as a quick regression. */
const LARGE_BYTES = sized("08.1", { full: 96, quick: 48 }) * MiB;
/** How much the server's memory may grow while the client reads nothing: kernel buffers and a few pieces. */
const MAX_GROWTH_BYTES = 32 * MiB;
/** How long the client reads nothing, at least, before the server's memory is measured (then until the server is idle). */
const STALL_MS = 1_000;
/** How long reading the whole file may take once the client reads. */
const DOWNLOAD_BUDGET_MS = budgetMs(LARGE_BYTES / MiB, { perUnitMs: 150, floorMs: 10_000 });

const STREAM_HINT =
  "Serve the file as a FileBody (file-body.ts): it reads 64 KiB at a time as the connection asks for it, and knows its length, so the response still has Content-Length. readFile() holds the whole file in memory.";

stage("08.1", () => {
  const { root } = staticRoot();
  const server = useSharedLabServer(STATIC_APP, { STATIC_ROOT: root });

  test("answers each file with its bytes, Content-Length, and the media type of its extension (RFC 9110 §8.3)", async () => {
    for (const file of FILES) {
      const ex = await exchange(server(), "GET", urlOf(file.name));
      const hint = `A path under ${PREFIX}/ is a file of the root: decode each segment, join them to the root, stat it, and stream it.`;
      expectStatus(ex, 200, hint);
      expectHeader(
        ex,
        "content-type",
        file.type,
        "contentTypeOf() (mime-types.ts) gives the type from the extension, case-insensitively; unknown → application/octet-stream.",
      );
      if (ex.framing !== "length")
        fail(
          "a file's response is not framed by Content-Length",
          ex,
          `Content-Length: ${file.body.length}`,
          STREAM_HINT,
        );
      expectBody(ex, file.body, hint);
      expectHeader(
        ex,
        "x-content-type-options",
        "nosniff",
        "X-Content-Type-Options: nosniff stops a browser from guessing another type than the one sent.",
      );
    }
  });

  test("sends validators: a strong, quoted ETag and Last-Modified, the file's time to the second (RFC 9110 §8.8)", async () => {
    const dated = await exchange(server(), "GET", urlOf("dated.txt"));
    expectStatus(dated, 200);
    expectHeader(
      dated,
      "last-modified",
      DATED_LAST_MODIFIED,
      "Last-Modified is formatHttpDate() of the mtime rounded down to a whole second: an HTTP-date has no fraction (RFC 9110 §5.6.7).",
    );
    expectHeader(
      dated,
      "etag",
      /^"[\x21\x23-\x7e]+"$/,
      'A strong entity tag is an opaque string in double quotes, without W/ (RFC 9110 §8.8.3): e.g. "<size in hex>-<mtimeNs in hex>".',
    );
    expectHeader(
      dated,
      "accept-ranges",
      "bytes",
      "Accept-Ranges: bytes tells a client it may ask for parts (RFC 9110 §14.3).",
    );
    expectHeader(dated, "cache-control", CACHE_CONTROL, "The app passes { cacheControl }: send it with every file.");
    const again = await exchange(server(), "GET", urlOf("dated.txt"));
    const other = await exchange(server(), "GET", urlOf("hello.txt"));
    const tag = (ex: typeof dated) => ex.response.headers.find(([n]) => n.toLowerCase() === "etag")?.[1];
    if (tag(again) !== tag(dated))
      fail(
        "the same unchanged file got two different ETags",
        again,
        `ETag: ${tag(dated)}, as the first time`,
        "Build the tag from the file's size and modification time only.",
      );
    if (tag(other) === tag(dated))
      fail(
        "two different files got the same ETag",
        other,
        `an ETag other than ${tag(dated)}`,
        "Build the tag from what tells files apart: size and modification time in nanoseconds.",
      );
  });

  test("answers HEAD with the fields of GET and no body (RFC 9110 §9.3.2)", async () => {
    const file = FILES.find((f) => f.name === "digits.txt")!;
    const raw = Buffer.concat([buildRequest("HEAD", urlOf(file.name)), buildRequest("GET", "/")]);
    const client = await TcpClient.open(server());
    try {
      await sendRequest(client, raw);
      const sent = escapeBytes(raw);
      const head = await readExchange(client, { sent, server: server(), head: true });
      expectStatus(head, 200);
      expectHeader(head, "content-length", String(file.body.length), "HEAD gets the Content-Length a GET would get.");
      expectHeader(head, "content-type", file.type);
      expectHeader(head, "etag", /^"/);
      // Whatever follows must be the next response: a HEAD that sent the file would put its bytes here.
      const next = await readExchange(client, { sent, server: server() });
      expectStatus(
        next,
        200,
        "The answer to HEAD must end with its head: its body's bytes were read as the next response.",
      );
      expectBody(next, "Hello, World!");
    } finally {
      client.close();
    }
  });

  test("answers 404 for a name that is no file of the root, and for a folder", async () => {
    for (const name of ["missing.txt", "sub", "sub/nested", "sub/empty-dir", "sub/", "hello.txt/more"]) {
      const ex = await exchange(server(), "GET", `${PREFIX}/${name}`);
      expectStatus(
        ex,
        404,
        "Only regular files are served: stat().isFile() must be true; a missing file is 404, as is a folder.",
      );
      expectHeader(
        ex,
        "content-type",
        /^application\/json/,
        'Errors are {"detail": …} JSON, as everywhere in microfast.',
      );
    }
  });

  test("answers other methods with 405 and Allow: GET, HEAD (RFC 9110 §15.5.6)", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const ex = await exchange(server(), method, urlOf("hello.txt"), method === "DELETE" ? {} : { body: "x" });
      expectStatus(ex, 405, "A file can be read, not written: GET and HEAD only.");
      expectHeader(ex, "allow", "GET, HEAD");
    }
  });

  test("leaves every other path to the app's routes, and ignores the query", async () => {
    const hello = await exchange(server(), "GET", "/");
    expectStatus(hello, 200);
    expectBody(hello, "Hello, World!", "A path outside the prefix goes on to next().");
    const info = await exchange(server(), "GET", "/static-info");
    expectStatus(
      info,
      200,
      `"/static-info" starts like "${PREFIX}" but is not under "${PREFIX}/": it belongs to the router.`,
    );
    expectBody(info, '{"route":"/static-info"}');
    const query = await exchange(server(), "GET", `${urlOf("hello.txt")}?v=42&cache=bust`);
    expectStatus(query, 200, "The query is not part of the file's name: match request.encodedPath, which has none.");
    expectBody(query, FILES.find((f) => f.name === "hello.txt")!.body);
  });

  test(`streams a ${LARGE_BYTES / MiB} MiB file from disk: the server's memory stays flat while the client reads nothing`, async () => {
    // Its own server, so that no other check's work moves its memory while it is measured.
    const large = join(root, "large.bin");
    const block = createHash("sha512").update("08.1").digest();
    if (!existsSync(large)) writeFileSync(large, Buffer.alloc(LARGE_BYTES, block));
    const expected = createHash("sha256").update(Buffer.alloc(LARGE_BYTES, block)).digest("hex");
    const own = await startLabServer(STATIC_APP, { STATIC_ROOT: root });
    const raw = buildRequest("GET", urlOf("large.bin"));
    const client = await TcpClient.open(own);
    const socket = client.takeSocket();
    try {
      socket.pause();
      const before = await own.rssBytes();
      socket.write(raw);
      const { growth, ms } = await growthWhileStalled(own, before, {
        atLeastMs: STALL_MS,
        limitBytes: MAX_GROWTH_BYTES,
      });
      if (growth > MAX_GROWTH_BYTES) {
        throw new CheckFailure("the server read the whole file into memory", {
          sent: `${escapeBytes(raw)}, then read nothing for ${ms} ms`,
          expected: `the server's memory to grow by at most ${MAX_GROWTH_BYTES / MiB} MiB`,
          received: `it grew by ${Math.round(growth / MiB)} MiB`,
          hint: STREAM_HINT,
        });
      }
      const received = await download(socket);
      if (received.problem || received.sha256 !== expected) {
        throw new CheckFailure("the large file came back wrong", {
          sent: escapeBytes(raw),
          expected: `200 with Content-Length: ${LARGE_BYTES} and exactly the file's bytes`,
          received: received.problem ?? `${received.bytes} bytes whose SHA-256 differs from the file's`,
          hint: STREAM_HINT,
        });
      }
    } finally {
      client.close();
      await own.stop();
    }
  });
});

/** Reads the response off the socket, hashing the body without keeping it. */
function download(socket: Socket): Promise<{ bytes: number; sha256?: string; problem?: string }> {
  return new Promise((resolve) => {
    const hash = createHash("sha256");
    let head = Buffer.alloc(0);
    let length = -1;
    let bytes = 0;
    const finish = (problem?: string): void => {
      clearTimeout(timer);
      socket.removeAllListeners("data");
      socket.pause();
      resolve(problem ? { bytes, problem } : { bytes, sha256: hash.digest("hex") });
    };
    const timer = setTimeout(
      () => finish(`only ${bytes} of ${LARGE_BYTES} bytes arrived within ${DOWNLOAD_BUDGET_MS / 1000} s`),
      DOWNLOAD_BUDGET_MS,
    );
    socket.on("close", () => finish(`the connection closed after ${bytes} of ${LARGE_BYTES} body bytes`));
    socket.on("data", (chunk: Buffer) => {
      let data = chunk;
      if (length < 0) {
        head = Buffer.concat([head, data]);
        const end = head.indexOf("\r\n\r\n");
        if (end === -1) return;
        const text = head.subarray(0, end).toString("latin1");
        const announced = /\r\ncontent-length: *(\d+)/i.exec(text);
        if (!text.startsWith("HTTP/1.1 200 ") || !announced)
          return finish(`a head without 200 and Content-Length: ${escapeBytes(text)}`);
        length = Number(announced[1]);
        if (length !== LARGE_BYTES) return finish(`Content-Length: ${length} for a file of ${LARGE_BYTES} bytes`);
        data = head.subarray(end + 4);
      }
      bytes += data.length;
      hash.update(data);
      if (bytes >= length) finish(bytes > length ? `${bytes} bytes, more than Content-Length` : undefined);
    });
    socket.resume();
  });
}
