// Stage 08.4: range requests (RFC 9110 §14). One byte range of a file gets 206 Partial Content
// with exactly those bytes and Content-Range; a range that starts past the end gets 416 with
// Content-Range: bytes */size; everything else — several ranges (microfast's choice), another
// unit, a malformed value, a HEAD, an If-Range that no longer holds — gets the whole file.
// digits.txt holds 10,000 bytes, byte i being "0123456789"[i % 10].
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import { exchange, expectBody, expectHeader, expectNoHeader, expectStatus, fail, header } from "./exchange.ts";
import { DATED_LAST_MODIFIED, FILES, staticRoot, urlOf } from "./fixtures/static-root.ts";

const STATIC_APP = checkApp("static");
const DIGITS = FILES.find((f) => f.name === "digits.txt")!.body;
const SIZE = DIGITS.length;

/** A Range value and what it must get: the bytes first…last (206), 416, or the whole file (200). */
type Row = readonly [range: string, answer: readonly [first: number, last: number] | 416 | 200, why: string];

const ROWS: readonly Row[] = [
  ["bytes=0-9", [0, 9], "the first ten bytes"],
  ["bytes=5-14", [5, 14], "ten bytes from the sixth"],
  ["bytes=0-0", [0, 0], "one byte"],
  ["bytes=9999-9999", [9999, 9999], "the last byte by position"],
  ["bytes=9990-", [9990, 9999], "open-ended: to the end"],
  ["bytes=-10", [9990, 9999], "a suffix: the last ten bytes"],
  ["bytes=-20000", [0, SIZE - 1], "a suffix longer than the file: all of it, still 206"],
  ["bytes=9000-20000", [9000, 9999], "a last position past the end is clamped to the end (§14.1.1)"],
  ["BYTES=0-9", [0, 9], "the range unit is case-insensitive (§14.1)"],
  ["bytes=0-9,", [0, 9], "an empty list element is ignored (§5.6.1)"],
  ["bytes=10000-", 416, "the first byte is past the end: unsatisfiable (§15.5.17)"],
  ["bytes=10000-10005", 416, "entirely past the end"],
  ["bytes=-0", 416, "a suffix of no bytes selects nothing"],
  ["bytes=5-2", 200, "last < first is invalid, and an invalid Range is ignored"],
  ["bytes=abc", 200, "not a range at all"],
  ["bytes=-", 200, "neither position"],
  ["bytes=1-2-3", 200, "not a range"],
  ["items=0-9", 200, "a unit other than bytes MUST be ignored (§14.2)"],
  ["bytes=0-1,5-6", 200, "several ranges: microfast sends the whole file, as §14.2 allows"],
  ["bytes=0-9,20-29,40-49", 200, "several ranges: the whole file"],
];

const RANGE_HINT =
  'parseRange(): "bytes=" (any case), then exactly one spec after dropping empty elements: first-[last] or -suffix. last < first or anything unparsable → the whole file; first >= size (or -0) → 416; clamp last to size - 1.';

stage("08.4", () => {
  const server = useSharedLabServer(STATIC_APP, { STATIC_ROOT: staticRoot().root });

  test.each(
    ROWS.map(
      (row) => [row[0], typeof row[1] === "number" ? String(row[1]) : `206 ${row[1][0]}-${row[1][1]}`, row] as const,
    ),
  )("Range: %s → %s", async (range, _answer, [, answer, why]) => {
    const ex = await exchange(server(), "GET", urlOf("digits.txt"), { headers: [["Range", range]] });
    const hint = `${why[0]!.toUpperCase()}${why.slice(1)}. ${RANGE_HINT}`;
    if (answer === 200) {
      expectStatus(ex, 200, hint);
      expectNoHeader(ex, "content-range", "A 200 carries the whole file and no Content-Range.");
      expectBody(ex, DIGITS, hint);
    } else if (answer === 416) {
      expectStatus(ex, 416, hint);
      expectHeader(
        ex,
        "content-range",
        `bytes */${SIZE}`,
        "A 416 says how large the file is: Content-Range: bytes */size (§15.5.17).",
      );
    } else {
      const [first, last] = answer;
      expectStatus(ex, 206, hint);
      if (ex.response.reason !== "Partial Content")
        fail(
          "the 206's reason phrase is wrong",
          ex,
          "HTTP/1.1 206 Partial Content",
          "Add 206 to STATUS_TEXT in status-codes.ts.",
        );
      expectHeader(
        ex,
        "content-range",
        `bytes ${first}-${last}/${SIZE}`,
        "Content-Range: bytes first-last/size, both positions included (§14.4).",
      );
      expectHeader(
        ex,
        "content-length",
        String(last - first + 1),
        "A part's Content-Length is the length of the part: new FileBody(path, first, last).",
      );
      expectHeader(ex, "content-type", "text/plain; charset=utf-8", "A part has the type of the whole.");
      expectBody(ex, DIGITS.subarray(first, last + 1), hint);
    }
  });

  test("a range of an empty file is unsatisfiable: 416 with bytes */0", async () => {
    for (const range of ["bytes=0-0", "bytes=-5"]) {
      const ex = await exchange(server(), "GET", urlOf("empty.txt"), { headers: [["Range", range]] });
      expectStatus(ex, 416, "An empty file has no first byte: every range of it is unsatisfiable.");
      expectHeader(ex, "content-range", "bytes */0");
    }
  });

  test("HEAD ignores Range: GET is the only method with ranges (RFC 9110 §14.2)", async () => {
    const ex = await exchange(server(), "HEAD", urlOf("digits.txt"), { headers: [["Range", "bytes=0-9"]] });
    expectStatus(ex, 200, "Honour Range for GET only.");
    expectHeader(ex, "content-length", String(SIZE));
  });

  test("If-Range: a range applies only while the client's validator is the current one (RFC 9110 §13.1.5)", async () => {
    const full = await exchange(server(), "GET", urlOf("digits.txt"));
    const etag = header(full.response, "etag") ?? "";
    const cases: [string, 206 | 200, string][] = [
      [etag, 206, "the current ETag: the range applies"],
      [`W/${etag}`, 200, "a weak tag never matches in If-Range: it compares strongly"],
      ['"some-other-version"', 200, "another version: the whole file, so the client does not splice two versions"],
    ];
    for (const [ifRange, status, why] of cases) {
      const ex = await exchange(server(), "GET", urlOf("digits.txt"), {
        headers: [
          ["Range", "bytes=0-9"],
          ["If-Range", ifRange],
        ],
      });
      expectStatus(
        ex,
        status,
        `If-Range: ${ifRange} is ${why}. ifRangeHolds(): an entity tag compares strongly (no W/), a date must equal Last-Modified.`,
      );
      expectBody(ex, status === 206 ? DIGITS.subarray(0, 10) : DIGITS);
    }
    const dated = FILES.find((f) => f.name === "dated.txt")!.body;
    const byDate = await exchange(server(), "GET", urlOf("dated.txt"), {
      headers: [
        ["Range", "bytes=0-4"],
        ["If-Range", DATED_LAST_MODIFIED],
      ],
    });
    expectStatus(byDate, 206, "If-Range with a date equal to Last-Modified: the range applies.");
    expectBody(byDate, dated.subarray(0, 5));
    const stale = await exchange(server(), "GET", urlOf("dated.txt"), {
      headers: [
        ["Range", "bytes=0-4"],
        ["If-Range", "Sat, 08 Sep 2001 01:46:40 GMT"],
      ],
    });
    expectStatus(stale, 200, "If-Range with an older date: the whole file.");
  });

  test("a matching If-None-Match wins over Range: 304 (RFC 9110 §13.2.2)", async () => {
    const full = await exchange(server(), "GET", urlOf("digits.txt"));
    const ex = await exchange(server(), "GET", urlOf("digits.txt"), {
      headers: [
        ["Range", "bytes=0-9"],
        ["If-None-Match", header(full.response, "etag") ?? ""],
      ],
    });
    expectStatus(ex, 304, "Evaluate If-None-Match before looking at Range.");
  });
});
