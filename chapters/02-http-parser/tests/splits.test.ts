// Stage 02.3: TCP delivers bytes cut anywhere. Every row of the request table, cut at every
// single point, one byte per push, and at seeded random points, must give exactly the events
// the row states — the same answer stages 02.1 and 02.2 expect from the uncut bytes.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { cut, expectedOf, parse, rowMismatch, type Seen, sameEvents, showEvents } from "./parsing.ts";
import { head, REQUEST_CASES, type RequestCase } from "./request-cases.ts";

/** Rows up to this size are cut at every point; larger ones at a sample of points. */
const EXHAUSTIVE_MAX_BYTES = sized("02.3", { full: 1_024, quick: 200 });
const SAMPLED_SPLITS = sized("02.3", { full: 64, quick: 16 });
const RANDOM_SPLITS_PER_ROW = sized("02.3", { full: 20, quick: 5 });

const HINT =
  "Keep the half-read element (method, target, name, value) and the state in the parser between push() calls; a CR at the end of one chunk still needs its LF from the next.";

const rows = REQUEST_CASES.map((row) => ({ row, bytes: Buffer.from(row.raw, "latin1") }));

function shown(pieces: readonly Buffer[]): string {
  return `cut into ${pieces.length} pieces: ${pieces
    .slice(0, 6)
    .map((p) => escapeBytes(p, 40))
    .join(" | ")}${pieces.length > 6 ? " | …" : ""}`;
}

/** Feeds `row` in `pieces` and compares the events with what the row states. */
function expectRow(row: RequestCase, bytes: Buffer, pieces: Buffer[], how: string, extra = ""): void {
  const events = parse(pieces, row.endsEarly);
  const problem = rowMismatch(row, events);
  if (!problem) return;
  // Wrong even in one piece: the table stage is the one to fix first, and the report says so.
  const whole = rowMismatch(row, parse([bytes], row.endsEarly)) !== undefined;
  throw new CheckFailure(
    whole
      ? `${problem}, even uncut (stage ${row.stage} checks this row first)`
      : `${problem} when the bytes are cut ${how}${extra}`,
    {
      sent: `${escapeBytes(bytes)}${row.endsEarly ? ", then finish()" : ""}, ${shown(pieces)}`,
      expected: expectedOf(row),
      received: showEvents(events),
      hint: whole ? (row.hint ?? "Make this row pass in one piece first.") : HINT,
    },
  );
}

/** The three requests of the back-to-back check, and exactly the events they must give. */
const BACK_TO_BACK = Buffer.from(
  head("GET /first HTTP/1.1", "Host: a") +
    head("HEAD /second HTTP/1.1", "Host: b") +
    "\r\n" +
    head("GET /third HTTP/1.0"),
  "latin1",
);
const BACK_TO_BACK_EVENTS: Seen[] = [
  { type: "message-begin" },
  { type: "head", method: "GET", target: "/first", version: [1, 1], headers: [["host", "a"]] },
  { type: "message-begin" },
  { type: "head", method: "HEAD", target: "/second", version: [1, 1], headers: [["host", "b"]] },
  { type: "message-begin" },
  { type: "head", method: "GET", target: "/third", version: [1, 0], headers: [] },
];

stage("02.3", () => {
  test("gives each table request's stated events for a cut at every point", () => {
    for (const { row, bytes } of rows) {
      const points =
        bytes.length <= EXHAUSTIVE_MAX_BYTES
          ? Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)
          : Array.from({ length: SAMPLED_SPLITS }, (_, i) =>
              Math.floor(((i + 1) * bytes.length) / (SAMPLED_SPLITS + 1)),
            );
      for (const at of points) expectRow(row, bytes, cut(bytes, [at]), `after byte ${at}`);
    }
  });

  test("gives each table request's stated events when every byte arrives on its own", () => {
    for (const { row, bytes } of rows) {
      const pieces = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
      expectRow(row, bytes, pieces, "into single bytes");
    }
  });

  test(`gives each table request's stated events for ${RANDOM_SPLITS_PER_ROW} seeded random cuts`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    for (const { row, bytes } of rows) {
      for (let n = 0; n < RANDOM_SPLITS_PER_ROW; n++) {
        const count = 1 + Math.floor(random() * 6);
        const points = [
          ...new Set(Array.from({ length: count }, () => 1 + Math.floor(random() * (bytes.length - 1)))),
        ].sort((a, b) => a - b);
        expectRow(row, bytes, cut(bytes, points), `at ${points.join(", ")}`, ` (${reproduceLine(seed, "02", "02.3")})`);
      }
    }
  });

  test("parses requests sent back to back, one head after the other, however they are cut", () => {
    for (let at = 0; at < BACK_TO_BACK.length; at++) {
      const pieces = at === 0 ? [BACK_TO_BACK] : cut(BACK_TO_BACK, [at]);
      const events = parse(pieces);
      if (sameEvents(events, BACK_TO_BACK_EVENTS)) continue;
      throw new CheckFailure(
        at === 0
          ? "the parser did not read three requests sent back to back"
          : `the parser read three requests sent back to back wrong when they were cut after byte ${at}`,
        {
          sent: at === 0 ? escapeBytes(BACK_TO_BACK) : `${escapeBytes(BACK_TO_BACK)}, ${shown(pieces)}`,
          expected: showEvents(BACK_TO_BACK_EVENTS),
          received: showEvents(events),
          hint:
            at === 0
              ? "After a head, reset the per-request state and go back to the state that expects a request line."
              : HINT,
        },
      );
    }
  });
});
