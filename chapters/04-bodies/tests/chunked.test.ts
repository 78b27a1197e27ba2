// Stages 04.2 and 04.3: request bodies in the chunked transfer coding (RFC 9112 §7.1), with
// chunk extensions to read past and trailer fields to keep.
import { test } from "vitest";
import { budgetMs, Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { readResponse, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { post } from "./body-cases.ts";
import { ENTRY, exchange, expectBody, expectRejected, HELLO, peakRssBytes, sleep } from "./exchange.ts";

const CHUNKED = "Transfer-Encoding: chunked";
const MiB = 1024 * 1024;
/**
 * Connections that each send a 1 MiB body (the default limit) as one-byte chunks, at once. One
 * is enough as a quick regression: an object per chunk costs over 100 MiB for a single body.
 */
const TINY_CHUNK_CLIENTS = sized("04.2", { full: 4, quick: 1 });
/**
 * A generous wait, for all of them together: a server that keeps an object per chunk is slow
 * too, and should fail on its memory, not on time. Decoding takes about a second per MiB of
 * one-byte chunks on a busy two-core machine.
 */
const TINY_CHUNK_BUDGET_MS = budgetMs(TINY_CHUNK_CLIENTS, { perUnitMs: 5_000, floorMs: 10_000 });
/** Their bodies, held whole, take 4 MiB, and twice that while a buffer grows; an object per chunk takes over 100 MiB each. */
const MAX_TINY_CHUNK_GROWTH = 64 * MiB;
const DECODE =
  "Transfer-Encoding: chunked frames the body as chunks: a hex size, CRLF, that many bytes, CRLF; a size of 0 and an empty line end it (RFC 9112 §7.1). The body is the chunks' data, concatenated.";

/** `body` cut into chunks of the given sizes, each framed; hex in the given case. */
function chunked(body: string, sizes: number[], upper = false): string {
  let out = "";
  for (let at = 0, i = 0; at < body.length; i++) {
    const size = Math.min(sizes[i % sizes.length]!, body.length - at);
    const hex = size.toString(16);
    out += `${upper ? hex.toUpperCase() : hex}\r\n${body.slice(at, at + size)}\r\n`;
    at += size;
  }
  return out + "0\r\n\r\n";
}

stage("04.2", () => {
  // A server of its own: the memory check reads the process's peak, which another stage could have set.
  const server = useLabServer(ENTRY);

  test("echoes a chunked body sent as one chunk", async () => {
    const raw = post([CHUNKED, "Content-Type: text/plain"], "d\r\nhello, chunks\r\n0\r\n\r\n");
    const { client, response } = await exchange(server(), raw);
    expectBody(response, "hello, chunks", escapeBytes(raw), DECODE);
    client.close();
  });

  test("joins 300 chunks of seeded random sizes, hex in both cases", async () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    const body = Buffer.from(Array.from({ length: 40_000 }, () => Math.floor(random() * 256))).toString("latin1");
    const sizes = Array.from({ length: 300 }, () => 1 + Math.floor(random() * 300));
    const raw = post([CHUNKED], chunked(body, sizes, random() < 0.5));
    const { client, response } = await exchange(server(), raw);
    expectBody(
      response,
      body,
      `${escapeBytes(raw)} (${reproduceLine(seed, "04", "04.2")})`,
      `${DECODE} Sizes are hexadecimal: "1f" is 31 bytes, and so is "1F".`,
    );
    client.close();
  });

  test("echoes 256 KiB sent in 8 KiB chunks", async () => {
    const body = "0123456789abcdef".repeat(16 * 1024);
    const raw = post([CHUNKED], chunked(body, [8192], true));
    const { client, response } = await exchange(server(), raw);
    expectBody(
      response,
      body,
      escapeBytes(raw),
      `${DECODE} Copy chunk data in slices; only the framing needs a byte-by-byte state machine.`,
    );
    client.close();
  });

  test("reads the next request right after the last chunk's empty line", async () => {
    const raw = post([CHUNKED], "3\r\nabc\r\n0\r\n\r\n") + "GET /after HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const { client, response } = await exchange(server(), raw);
    expectBody(response, "abc", escapeBytes(raw), DECODE);
    const next = await readResponse(client, { sent: escapeBytes(raw), server: server() });
    expectBody(
      next,
      HELLO,
      escapeBytes(raw),
      "A chunked body ends with 0\\r\\n, the trailer lines, and an empty line; the next request starts after that empty line.",
    );
    client.close();
  });

  test(`holds bodies sent as one-byte chunks in memory proportional to their size (${TINY_CHUNK_CLIENTS} × 1 MiB)`, async () => {
    const before = await peakRssBytes(server());
    const raw = post([CHUNKED], "1\r\nx\r\n".repeat(MiB) + "0\r\n\r\n", { target: "/inspect" });
    const sent = `${TINY_CHUNK_CLIENTS === 1 ? "one connection" : `${TINY_CHUNK_CLIENTS} connections at once`}, each sending ${escapeBytes(raw, 120)} (1 MiB of data in 1,048,576 chunks of one byte)`;
    const deadline = new Deadline(TINY_CHUNK_BUDGET_MS);
    const responses = await Promise.all(
      Array.from({ length: TINY_CHUNK_CLIENTS }, () => exchange(server(), raw, { timeoutMs: deadline.left() })),
    );
    for (const { client, response } of responses) {
      client.close();
      if (response.status !== 200 || !response.body.toString("latin1").startsWith(`{"bodyBytes":${MiB},`)) {
        throw new CheckFailure("a body of one-byte chunks was not read whole", {
          sent,
          expected: `200 with {"bodyBytes":${MiB},…}`,
          received: showResponse(response),
          hint: DECODE,
        });
      }
    }
    const growth = (await peakRssBytes(server())) - before;
    if (growth > MAX_TINY_CHUNK_GROWTH) {
      throw new CheckFailure("bodies of one-byte chunks cost the server far more memory than their size", {
        sent,
        expected: `the server's peak memory to grow by at most ${MAX_TINY_CHUNK_GROWTH / MiB} MiB for ${TINY_CHUNK_CLIENTS} MiB of bodies`,
        received: `it grew by ${Math.round(growth / MiB)} MiB`,
        hint: "Keeping every chunk's data as its own Buffer costs an object (~100 bytes) per chunk: a 1-byte chunk costs 100 times its size. Append the data to one buffer that doubles when it is full.",
      });
    }
  });

  test("waits for chunks that arrive 100 ms apart", async () => {
    const client = await TcpClient.open(server());
    const pieces = [post([CHUNKED], ""), "4\r\nwait", "\r\n", "3\r\nfor", "\r\n", "0\r\n", "\r\n"];
    for (const piece of pieces) {
      await sendRequest(client, piece);
      await sleep(100);
    }
    const sent = `${pieces.map((p) => escapeBytes(p)).join(", ")}, 100 ms apart`;
    expectBody(
      await readResponse(client, { sent, server: server() }),
      "waitfor",
      sent,
      "Keep the decoder's state between chunks of input: a size line or its CRLF may arrive in a later packet.",
    );
    client.close();
  });
});

stage("04.3", () => {
  const server = useSharedLabServer(ENTRY);
  const TRAILERS =
    "After the last chunk (size 0) come field lines — the trailers — then an empty line (RFC 9112 §7.1.2). Keep them in request.trailers, apart from the head's fields.";

  test("hands the trailer fields to the handler as request.trailers", async () => {
    const raw = post(
      [CHUNKED, "Trailer: X-Checksum, X-Count"],
      "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc123\r\nX-Count:  2 \r\n\r\n",
      { target: "/inspect" },
    );
    const { client, response } = await exchange(server(), raw);
    const want = {
      bodyBytes: 11,
      trailers: [
        ["x-checksum", "abc123"],
        ["x-count", "2"],
      ],
    };
    let got: unknown;
    try {
      got = JSON.parse(response.body.toString("utf8"));
    } catch {
      got = undefined;
    }
    if (response.status !== 200 || JSON.stringify(got) !== JSON.stringify(want)) {
      throw new CheckFailure("POST /inspect did not see the body and trailers that were sent", {
        sent: escapeBytes(raw),
        expected: `200 with ${JSON.stringify(want)} (names lower-cased, values without surrounding whitespace, in order)`,
        received: showResponse(response),
        hint: TRAILERS,
      });
    }
    client.close();
  });

  test("reads past chunk extensions: a token value, a quoted value with an escaped quote, none at all", async () => {
    const raw = post(
      [CHUNKED],
      '2;ext=token\r\nab\r\n2;q="semi;colon \\"quoted\\""\r\ncd\r\n2;flag\r\nef\r\n0;last=1\r\n\r\n',
    );
    const { client, response } = await exchange(server(), raw);
    expectBody(
      response,
      "abcdef",
      escapeBytes(raw),
      'Extensions follow the size after a ";" (RFC 9112 §7.1.1): read past them to the CRLF — a quoted value may hold ";" and escaped quotes — and ignore them.',
    );
    client.close();
  });

  test("answers 400 to a malformed trailer line and closes", async () => {
    const raw = post([CHUNKED], "5\r\nhello\r\n0\r\nBad Name: x\r\n\r\n") + "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const { client, response } = await exchange(server(), raw);
    await expectRejected(
      client,
      response,
      400,
      escapeBytes(raw),
      "Trailer lines are field lines: check each like a header line (checkFieldLine) and answer 400 when one is malformed.",
    );
  });

  test("answers 413 to chunk extensions longer than 16 KiB, without waiting for the data", async () => {
    const raw = post([CHUNKED], `5;${Array.from({ length: 3000 }, (_, i) => `e${i}=v`).join(";")}\r\n`);
    const { client, response } = await exchange(server(), raw);
    await expectRejected(
      client,
      response,
      413,
      escapeBytes(raw),
      "Nothing reads extensions, so nothing else bounds them: count their bytes per chunk and answer 413 past MAX_CHUNK_EXTENSION_BYTES (Node's fix for CVE-2024-22019).",
    );
  });
});
