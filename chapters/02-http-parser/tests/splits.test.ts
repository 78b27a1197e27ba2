// Stage 02.3: TCP delivers bytes cut anywhere. The parser must give the same events however
// the request is cut: at every single point, one byte per push, and at seeded random points.
import { test } from "vitest";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { cut, parse, sameEvents, showEvents } from "./parsing.ts";
import { REQUEST_CASES, head } from "./request-cases.ts";

/** Rows up to this size are cut at every point; larger ones at a sample of points. */
const EXHAUSTIVE_MAX_BYTES = 1_024;
const SAMPLED_SPLITS = 64;
const RANDOM_SPLITS_PER_ROW = 20;

const HINT = "Keep the half-read element (method, target, name, value) and the state in the parser between push() calls; a CR at the end of one chunk still needs its LF from the next.";

const rows = REQUEST_CASES.map((row) => ({ row, bytes: Buffer.from(row.raw, "latin1") }));

function compare(bytes: Buffer, endsEarly: boolean | undefined, pieces: Buffer[], how: string, extra = ""): void {
  const whole = parse([bytes], endsEarly);
  const split = parse(pieces, endsEarly);
  if (sameEvents(whole, split)) return;
  throw new CheckFailure(`the parser's events change when the bytes are cut ${how}${extra}`, {
    sent: `${escapeBytes(bytes)}, cut into ${pieces.length} pieces: ${pieces
      .slice(0, 6)
      .map((p) => escapeBytes(p, 40))
      .join(" | ")}${pieces.length > 6 ? " | …" : ""}`,
    expected: `the events of the uncut bytes: ${showEvents(whole)}`,
    received: showEvents(split),
    hint: HINT,
  });
}

stage("02.3", () => {
  test("gives the same events for a cut at every point of each table request", () => {
    for (const { row, bytes } of rows) {
      const points =
        bytes.length <= EXHAUSTIVE_MAX_BYTES
          ? Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)
          : Array.from({ length: SAMPLED_SPLITS }, (_, i) => Math.floor(((i + 1) * bytes.length) / (SAMPLED_SPLITS + 1)));
      for (const at of points) compare(bytes, row.endsEarly, cut(bytes, [at]), `after byte ${at}`);
    }
  });

  test("gives the same events when every byte arrives on its own", () => {
    for (const { row, bytes } of rows) {
      const pieces = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
      compare(bytes, row.endsEarly, pieces, "into single bytes");
    }
  });

  test(`gives the same events for ${RANDOM_SPLITS_PER_ROW} seeded random cuts of each table request`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    for (const { row, bytes } of rows) {
      for (let n = 0; n < RANDOM_SPLITS_PER_ROW; n++) {
        const count = 1 + Math.floor(random() * 6);
        const points = [...new Set(Array.from({ length: count }, () => 1 + Math.floor(random() * (bytes.length - 1))))].sort((a, b) => a - b);
        compare(bytes, row.endsEarly, cut(bytes, points), `at ${points.join(", ")}`, ` (${reproduceLine(seed, "02", "02.3")})`);
      }
    }
  });

  test("parses requests sent back to back, one head after the other, however they are cut", () => {
    const bytes = Buffer.from(head("GET /first HTTP/1.1", "Host: a") + head("HEAD /second HTTP/1.1", "Host: b") + "\r\n" + head("GET /third HTTP/1.0"), "latin1");
    const whole = parse([bytes]);
    const targets = whole.flatMap((e) => (e.type === "head" ? [e.target] : []));
    if (targets.join(" ") !== "/first /second /third" || whole.length !== 6) {
      throw new CheckFailure("the parser did not read three requests sent back to back", {
        sent: escapeBytes(bytes),
        expected: "message-begin, head /first, message-begin, head /second, message-begin, head /third",
        received: showEvents(whole),
        hint: "After a head, reset the per-request state and go back to the state that expects a request line.",
      });
    }
    for (let at = 1; at < bytes.length; at++) compare(bytes, false, cut(bytes, [at]), `after byte ${at}`);
  });
});
