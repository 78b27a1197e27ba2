// Stage 08.6: compression (RFC 9110 §8.4, §12.5.3). tests/apps/compression.ts compresses with
// a threshold of THRESHOLD_BYTES and serves the static folder too. The best coding the client
// accepts is chosen by q-value, the body decodes to exactly what the handler returned, every
// response whose coding depended on Accept-Encoding says Vary: Accept-Encoding, a stream stays a
// stream, and nothing is compressed that must not be: small bodies, images, bodies that are
// encoded already, no-transform, HEAD, 204, 304 and 206.
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import {
  decodedBody,
  type Exchange,
  exchange,
  expectBody,
  expectHeader,
  expectNoHeader,
  expectStatus,
  fail,
  header,
  listOf,
} from "./exchange.ts";
import { noisyText, STREAM_PIECE_BYTES, STREAM_PIECES, sampleText, THRESHOLD_BYTES } from "./fixtures/compression.ts";
import { FILES, staticRoot, urlOf } from "./fixtures/static-root.ts";

const COMPRESSION_APP = checkApp("compression");
const ALL = "gzip, deflate, br";
const TEXT = sampleText(4096);

/** An Accept-Encoding value (undefined: no field) and the coding the server must choose. */
const NEGOTIATION: readonly (readonly [acceptEncoding: string | undefined, coding: string, why: string])[] = [
  [undefined, "identity", "no Accept-Encoding: send the content as it is"],
  ["", "identity", "an empty list accepts no coding"],
  ["gzip", "gzip", "the one coding listed"],
  ["deflate", "deflate", "the one coding listed"],
  ["br", "br", "the one coding listed"],
  ["gzip, deflate, br", "br", "equal weights: the server's preference, br first"],
  ["gzip;q=1.0, br;q=0.5", "gzip", "the higher q-value wins"],
  ["gzip;q=0.5, deflate;q=0.8", "deflate", "the higher q-value wins"],
  ["br;q=0, gzip", "gzip", "q=0 means not acceptable"],
  ["*", "br", '"*" accepts every coding'],
  ["*;q=0.1, gzip;q=0.5", "gzip", 'a listed coding outweighs what "*" gives the others'],
  ["deflate;q=0.5, *;q=0.6", "br", '"*" gives br and gzip 0.6, more than deflate\'s 0.5'],
  ["*;q=0", "identity", "nothing is acceptable: the content goes out as it is"],
  ["gzip;q=0", "identity", "the only coding listed is refused"],
  ["identity", "identity", "only identity is listed"],
  ["identity;q=1, gzip;q=0.5", "identity", "the client prefers the content as it is"],
  ["GZIP", "gzip", "coding names are case-insensitive (RFC 9110 §8.4.1)"],
  ["x-gzip", "gzip", "x-gzip is gzip (RFC 9110 §8.4.1.3)"],
  ["compress, zstd", "identity", "no coding the server can produce"],
  [" gzip ; q=0.8 , br ; q=0.9 ", "br", "whitespace around ',' and ';' is allowed"],
  ["gzip;q=2, deflate", "deflate", "q=2 is no qvalue: that element is dropped"],
  ["gzip;q=0.0001, deflate;q=0.001", "deflate", "a qvalue has at most three decimals: 0.0001 is dropped"],
  ["br;q=0.001, gzip;q=0.002", "gzip", "three decimals are compared exactly"],
  [",gzip,,", "gzip", "empty list elements are ignored (RFC 9110 §5.6.1)"],
  ["gzip;level=9;q=0.3, br;q=0.2", "gzip", "parameters other than q are ignored"],
  ["br;Q=0.1, gzip;q=0.2", "gzip", 'the "q" of a weight is case-insensitive'],
];

const NEGOTIATE_HINT =
  'negotiateEncoding(): weigh each offered coding by its q (1 when absent; an element whose q is no qvalue is dropped), a coding not listed by "*" (else 0); the highest weight above 0 wins, ties go to the server\'s order (br, gzip, deflate); identity wins only when the client gave it a higher weight.';

function expectCoding(ex: Exchange, coding: string, hint: string): void {
  const sent = (header(ex.response, "content-encoding") ?? "identity").toLowerCase();
  if (sent !== coding)
    fail(
      `the response is encoded as ${sent}, not ${coding}`,
      ex,
      coding === "identity" ? "no Content-Encoding" : `Content-Encoding: ${coding}`,
      hint,
    );
}

function expectVaryAcceptEncoding(ex: Exchange, hint: string): void {
  if (!listOf(ex, "vary").includes("accept-encoding"))
    fail("the response does not say Vary: Accept-Encoding", ex, "Vary: Accept-Encoding", hint);
}

const VARY_HINT =
  'Once a response is worth compressing, what is sent depends on Accept-Encoding — even when it goes out as identity: addVary(response.headers, "Accept-Encoding").';
const LEAVE_HINT =
  "worthCompressing(): no 1xx/204/304/206, no Content-Range, no Content-Encoding already, no Cache-Control: no-transform, a text-like Content-Type, and at least thresholdBytes when the size is known.";

stage("08.6", () => {
  const server = useSharedLabServer(COMPRESSION_APP, { STATIC_ROOT: staticRoot().root });

  test.each(NEGOTIATION.map((row) => [row[0] === undefined ? "(none)" : JSON.stringify(row[0]), row[1], row] as const))(
    "Accept-Encoding: %s → %s",
    async (_shown, coding, [acceptEncoding, , why]) => {
      const ex = await exchange(
        server(),
        "GET",
        "/text/4096",
        acceptEncoding === undefined ? {} : { headers: [["Accept-Encoding", acceptEncoding]] },
      );
      expectStatus(ex, 200);
      expectCoding(ex, coding, `${why[0]!.toUpperCase()}${why.slice(1)}. ${NEGOTIATE_HINT}`);
      if (!decodedBody(ex).equals(Buffer.from(TEXT)))
        fail(
          "the decoded body differs from what the handler returned",
          ex,
          `${TEXT.length} bytes of the handler's text, once decoded`,
        );
      expectVaryAcceptEncoding(ex, VARY_HINT);
    },
  );

  test("compresses text, JSON and HTML, and a status other than 200, into fewer bytes", async () => {
    for (const target of ["/json", "/html", "/created", `/text/${THRESHOLD_BYTES}`]) {
      const plain = await exchange(server(), "GET", target);
      const ex = await exchange(server(), "GET", target, { headers: [["Accept-Encoding", "gzip"]] });
      expectStatus(ex, plain.response.status);
      expectCoding(
        ex,
        "gzip",
        `${target} is text of at least ${THRESHOLD_BYTES} bytes (the threshold counts): compress it.`,
      );
      if (!decodedBody(ex).equals(plain.response.body))
        fail(
          "the decoded body differs from the uncompressed one",
          ex,
          "the same bytes as without Accept-Encoding, once decoded",
        );
      if (ex.response.body.length >= plain.response.body.length)
        fail("the compressed body is not smaller", ex, `fewer than ${plain.response.body.length} bytes`);
    }
  });

  test("streams a streamed body through the encoder: chunked, never collected into one buffer", async () => {
    const expected = Buffer.from(sampleText(STREAM_PIECE_BYTES).repeat(STREAM_PIECES));
    for (const coding of ["br", "gzip", "deflate"]) {
      const ex = await exchange(server(), "GET", "/stream", { headers: [["Accept-Encoding", coding]] });
      expectCoding(ex, coding, NEGOTIATE_HINT);
      if (ex.framing !== "chunked")
        fail(
          "a streamed body came back with a length: it was collected before it was sent",
          ex,
          "Transfer-Encoding: chunked",
          "Pipe the stream through the zlib encoder and hand the encoder (an async iterable) to the response: pipeline(Readable.from(body), createGzip(), …).",
        );
      if (!decodedBody(ex).equals(expected))
        fail("the decoded stream differs from what the handler produced", ex, `${expected.length} bytes`);
    }
  });

  test("leaves alone what must not be compressed, and says Vary only where the coding could depend on it", async () => {
    /** Target, why it stays as it is, and whether it may say Vary: Accept-Encoding (only where a coding could have applied). */
    const cases: [string, string, boolean][] = [
      [`/text/${THRESHOLD_BYTES - 1}`, `below the ${THRESHOLD_BYTES}-byte threshold`, false],
      ["/png", "an image/png: compressed already, it would only grow", false],
      ["/no-type", "without Content-Type: nothing says it is text", false],
      [
        "/no-transform",
        "marked Cache-Control: no-transform, which asks for these exact bytes (RFC 9111 §5.2.2.6)",
        true,
      ],
      [urlOf("hello.txt"), "a file below the threshold", false],
      [urlOf("pixel.png"), "an image file", false],
    ];
    for (const [target, why, mayVary] of cases) {
      const ex = await exchange(server(), "GET", target, { headers: [["Accept-Encoding", ALL]] });
      expectStatus(ex, 200);
      expectCoding(ex, "identity", `The response is ${why}. ${LEAVE_HINT}`);
      if (!mayVary && listOf(ex, "vary").includes("accept-encoding"))
        fail(
          "a response that is never compressed says Vary: Accept-Encoding",
          ex,
          "no Vary: Accept-Encoding: it would split caches for nothing",
          "Add Vary only once the response is worth compressing.",
        );
    }
  });

  test("never compresses twice: a body with a Content-Encoding goes out as it is", async () => {
    const ex = await exchange(server(), "GET", "/encoded", { headers: [["Accept-Encoding", ALL]] });
    expectCoding(ex, "gzip", "The handler gzipped this body itself and said so: leave it.");
    if (!decodedBody(ex).equals(Buffer.from(noisyText(4096))))
      fail(
        "the body needs more than one decoding: it was compressed twice",
        ex,
        "a body that gunzips once into the handler's text",
        LEAVE_HINT,
      );
  });

  test("HEAD, 204, 304 and 206 carry no coding", async () => {
    const head = await exchange(server(), "HEAD", "/text/4096", { headers: [["Accept-Encoding", ALL]] });
    expectStatus(head, 200);
    expectCoding(head, "identity", "A response to HEAD has no content to encode.");
    expectVaryAcceptEncoding(head, VARY_HINT);
    const gone = await exchange(server(), "DELETE", "/gone", { headers: [["Accept-Encoding", ALL]] });
    expectStatus(gone, 204);
    expectNoHeader(gone, "content-encoding", "A 204 has no content.");
    const digits = FILES.find((f) => f.name === "digits.txt")!.body;
    const full = await exchange(server(), "GET", urlOf("digits.txt"));
    const etag = header(full.response, "etag") ?? "";
    const notModified = await exchange(server(), "GET", urlOf("digits.txt"), {
      headers: [
        ["Accept-Encoding", ALL],
        ["If-None-Match", etag],
      ],
    });
    expectStatus(notModified, 304);
    expectNoHeader(notModified, "content-encoding", "A 304 has no content.");
    const part = await exchange(server(), "GET", urlOf("digits.txt"), {
      headers: [
        ["Accept-Encoding", ALL],
        ["Range", "bytes=100-199"],
      ],
    });
    expectStatus(part, 206);
    expectNoHeader(
      part,
      "content-encoding",
      "A 206's Content-Range counts bytes of the file: encoding the part would break it.",
    );
    expectBody(part, digits.subarray(100, 200));
  });

  test("an encoded response weakens its ETag, drops Accept-Ranges, keeps the Vary it had, and a file stays streamed", async () => {
    const tagged = await exchange(server(), "GET", "/tagged", { headers: [["Accept-Encoding", "gzip"]] });
    expectCoding(tagged, "gzip", NEGOTIATE_HINT);
    expectHeader(
      tagged,
      "etag",
      'W/"v1"',
      'A strong ETag promises these exact bytes, and the encoded bytes are others: make it weak, W/"…" (RFC 9110 §8.8.1).',
    );
    const localized = await exchange(server(), "GET", "/localized", { headers: [["Accept-Encoding", "gzip"]] });
    const vary = listOf(localized, "vary");
    if (!vary.includes("accept-language") || !vary.includes("accept-encoding"))
      fail(
        "Vary lost a field",
        localized,
        "Vary: Accept-Language, Accept-Encoding",
        "addVary() adds to the Vary already there.",
      );
    const file = await exchange(server(), "GET", urlOf("digits.txt"), { headers: [["Accept-Encoding", "gzip"]] });
    expectCoding(file, "gzip", "A text file above the threshold is compressed like any response.");
    expectNoHeader(
      file,
      "accept-ranges",
      "Ranges are served of the file, not of this encoding: do not offer them on an encoded response.",
    );
    expectHeader(file, "etag", /^W\/"/);
    if (file.framing !== "chunked")
      fail(
        "an encoded file came back with a length: it was read whole before it was sent",
        file,
        "Transfer-Encoding: chunked",
        "Encode the file's stream as it is read; its length is unknown once encoded.",
      );
    expectBody(
      { ...file, response: { ...file.response, body: decodedBody(file) } },
      FILES.find((f) => f.name === "digits.txt")!.body,
    );
  });
});
