// Stage 08.3: conditional GET (RFC 9110 §13). A client that kept a file's ETag or
// Last-Modified asks again with If-None-Match or If-Modified-Since; if its copy is current it
// gets 304 Not Modified — the validators, no body. dated.txt has a fixed modification time
// (tests/fixtures/static-root.ts), so its Last-Modified is known to the second.
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { escapeBytes } from "../../../shared/check/failure.ts";
import { sendRequest } from "../../../shared/check/http-client.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import {
  buildRequest,
  type Exchange,
  exchange,
  expectBody,
  expectHeader,
  expectNoHeader,
  expectStatus,
  fail,
  header,
  readExchange,
} from "./exchange.ts";
import { CACHE_CONTROL, CHANGING, DATED_LAST_MODIFIED, FILES, staticRoot, urlOf } from "./fixtures/static-root.ts";

const STATIC_APP = checkApp("static");
const DATED = urlOf("dated.txt");
const DATED_BODY = FILES.find((f) => f.name === "dated.txt")!.body;

/** A condition (with the current ETag at hand) and the status it must get (RFC 9110 §13.2.2). */
type Row = readonly [what: string, headers: (etag: string) => [string, string][], status: 200 | 304];

const ROWS: readonly Row[] = [
  ["If-None-Match with the current ETag", (etag) => [["If-None-Match", etag]], 304],
  ["If-None-Match with the ETag made weak (weak comparison, §13.1.2)", (etag) => [["If-None-Match", `W/${etag}`]], 304],
  [
    "If-None-Match listing other tags and the current one",
    (etag) => [["If-None-Match", `"old-1", W/"old-2",${etag}`]],
    304,
  ],
  ["If-None-Match: * (any current representation)", () => [["If-None-Match", "*"]], 304],
  ["If-None-Match with another tag", () => [["If-None-Match", '"not-the-current-tag"']], 200],
  ["If-None-Match with a malformed list", () => [["If-None-Match", "not-quoted"]], 200],
  [
    "If-Modified-Since equal to Last-Modified (the file's fraction of a second does not count)",
    () => [["If-Modified-Since", DATED_LAST_MODIFIED]],
    304,
  ],
  [
    "If-Modified-Since a second after Last-Modified",
    () => [["If-Modified-Since", "Sun, 09 Sep 2001 01:46:41 GMT"]],
    304,
  ],
  [
    "If-Modified-Since a second before Last-Modified",
    () => [["If-Modified-Since", "Sun, 09 Sep 2001 01:46:39 GMT"]],
    200,
  ],
  [
    "If-Modified-Since in the obsolete RFC 850 format (§5.6.7)",
    () => [["If-Modified-Since", "Sunday, 09-Sep-01 01:46:40 GMT"]],
    304,
  ],
  [
    "If-Modified-Since in the obsolete asctime format, which is UTC too (§5.6.7)",
    () => [["If-Modified-Since", "Sun Sep  9 01:46:40 2001"]],
    304,
  ],
  [
    "If-Modified-Since in asctime format, a second before",
    () => [["If-Modified-Since", "Sun Sep  9 01:46:39 2001"]],
    200,
  ],
  [
    "If-Modified-Since with a numeric zone, which is no HTTP-date: ignored",
    () => [["If-Modified-Since", "Sun, 09 Sep 2001 03:46:40 +0200"]],
    200,
  ],
  ["If-Modified-Since that is no date at all: ignored", () => [["If-Modified-Since", "yesterday"]], 200],
  [
    "If-Modified-Since sent twice: ignored (§13.1.3)",
    () => [
      ["If-Modified-Since", DATED_LAST_MODIFIED],
      ["If-Modified-Since", DATED_LAST_MODIFIED],
    ],
    200,
  ],
  [
    "a matching If-None-Match decides, whatever If-Modified-Since says",
    (etag) => [
      ["If-None-Match", etag],
      ["If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"],
    ],
    304,
  ],
  [
    "a failing If-None-Match decides: If-Modified-Since is then ignored (§13.1.3)",
    () => [
      ["If-None-Match", '"other"'],
      ["If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"],
    ],
    200,
  ],
];

const FRESH_HINT =
  "isFresh(): with If-None-Match, compare its tags weakly with the ETag (W/ ignored; * matches) and ignore If-Modified-Since; without it, parse If-Modified-Since with parseHttpDate() and answer 304 when Last-Modified (whole seconds) is not after it.";

async function etagOf(ex: Exchange): Promise<string> {
  const etag = header(ex.response, "etag");
  if (etag === undefined) fail("the file's response has no ETag", ex, "an ETag field (stage 08.1)");
  return etag;
}

stage("08.3", () => {
  const server = useSharedLabServer(STATIC_APP, { STATIC_ROOT: staticRoot().root });

  test.each(ROWS.map((row) => [row[0], row[2], row[1]] as const))("%s → %i", async (_what, status, headers) => {
    const etag = await etagOf(await exchange(server(), "GET", DATED));
    const ex = await exchange(server(), "GET", DATED, { headers: headers(etag) });
    expectStatus(ex, status, FRESH_HINT);
    if (status === 200) expectBody(ex, DATED_BODY);
  });

  test("a 304 carries the ETag and Cache-Control, and ends with its head (RFC 9110 §15.4.5)", async () => {
    const etag = await etagOf(await exchange(server(), "GET", DATED));
    const raw = Buffer.concat([
      buildRequest("GET", DATED, { headers: [["If-None-Match", etag]] }),
      buildRequest("GET", "/"),
    ]);
    const client = await TcpClient.open(server());
    try {
      await sendRequest(client, raw);
      const sent = escapeBytes(raw);
      const notModified = await readExchange(client, { sent, server: server() });
      expectStatus(notModified, 304, FRESH_HINT);
      expectHeader(
        notModified,
        "etag",
        etag,
        "A 304 names the representation the client may keep using: send the ETag.",
      );
      expectHeader(
        notModified,
        "cache-control",
        CACHE_CONTROL,
        "A 304 refreshes the cache's copy: send the Cache-Control a 200 would have.",
      );
      expectNoHeader(notModified, "content-length", "A 304 has no content; the writer sends no Content-Length for it.");
      const next = await readExchange(client, { sent, server: server() });
      expectStatus(next, 200, "A 304 never has a body: whatever followed its head was read as the next response.");
      expectBody(next, "Hello, World!");
    } finally {
      client.close();
    }
  });

  test("HEAD with a matching If-None-Match gets 304 too", async () => {
    const etag = await etagOf(await exchange(server(), "GET", DATED));
    const ex = await exchange(server(), "HEAD", DATED, { headers: [["If-None-Match", etag]] });
    expectStatus(ex, 304, "Conditions apply to GET and HEAD alike (RFC 9110 §13.2.2).");
  });

  test("a file that changed gets a new ETag and Last-Modified, and the old validators no longer match", async () => {
    const path = join(staticRoot().root, CHANGING);
    const first = await exchange(server(), "GET", urlOf(CHANGING));
    const oldTag = await etagOf(first);
    const oldDate = header(first.response, "last-modified") ?? "";
    // Same length, new bytes, a later time: only the time tells the versions apart.
    const body = "version 2\n";
    writeFileSync(path, body);
    const later = Date.now() / 1000 + 5;
    utimesSync(path, later, later);
    const byTag = await exchange(server(), "GET", urlOf(CHANGING), { headers: [["If-None-Match", oldTag]] });
    expectStatus(
      byTag,
      200,
      "The ETag must change when the file does: build it from the size and the modification time.",
    );
    expectBody(byTag, body);
    if (header(byTag.response, "etag") === oldTag)
      fail("the changed file kept its ETag", byTag, `an ETag other than ${oldTag}`);
    const byDate = await exchange(server(), "GET", urlOf(CHANGING), { headers: [["If-Modified-Since", oldDate]] });
    expectStatus(byDate, 200, "Last-Modified is the file's modification time, read on every request.");
  });
});
