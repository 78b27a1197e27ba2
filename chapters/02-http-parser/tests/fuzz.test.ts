// Stage 02.6: seeded fuzzing. Generated request streams, whose events are known from how they
// were built, must parse into exactly those events however they are cut. Mangled requests and
// random bytes must never crash the parser or the server, never leave a connection hanging,
// and never stop the server from answering the next valid request.
import { test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { mutate, randomBytes } from "../../../shared/check/fuzz.ts";
import { expectStatus, readResponse, sendRequest } from "../../../shared/check/http-client.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { generateStream } from "./generated-requests.ts";
import { cut, parse, type Seen, sameEvents, showEvents } from "./parsing.ts";
import { head, REQUEST_CASES } from "./request-cases.ts";

const ENTRY = checkApp("http-server");
/** Inputs for the in-process parser: cheap, so many. */
const PARSER_INPUTS = sized("02.6", { full: 3_000, quick: 500 });
/** Generated streams of requests with known events, for the in-process parser. */
const GENERATED_STREAMS = sized("02.6", { full: 1_000, quick: 200 });
/** Inputs sent over sockets, each on its own connection. */
const SOCKET_INPUTS = sized("02.6", { full: 300, quick: 60 });
/** How many of those connections are open at once. */
const SOCKET_BATCH = 25;
/** After its input and a FIN, how long a connection may stay open. */
const CLOSE_WITHIN_MS = 2_000;
/** The whole socket fuzz must finish within this time. */
const SOCKET_BUDGET_MS = 15_000;
const PARSER_STATUSES = new Set([400, 414, 431, 501, 505]);

/** The seeded inputs: table rows mangled a little, and now and then pure noise. */
function fuzzInputs(count: number, random: () => number): Buffer[] {
  const seeds = REQUEST_CASES.filter((row) => row.raw.length < 2_048).map((row) => Buffer.from(row.raw, "latin1"));
  return Array.from({ length: count }, () =>
    random() < 0.15
      ? randomBytes(1 + Math.floor(random() * 200), random)
      : mutate(seeds[Math.floor(random() * seeds.length)]!, random),
  );
}

/**
 * What the events of any input must look like once finish() is called, whatever the bytes:
 * whole requests (message-begin, head), then at most one error, last. A request still open at
 * finish() is an error, so nothing ends on a bare message-begin — and input with anything but
 * empty lines in it gives at least one event. Undefined when the events are fine.
 */
function misbehaviour(input: Buffer, events: readonly Seen[]): string | undefined {
  const errorAt = events.findIndex((e) => e.type === "error");
  if (errorAt !== -1 && errorAt !== events.length - 1) return "events came after an error";
  for (const e of events)
    if (e.type === "error" && !PARSER_STATUSES.has(e.status)) return `an error with status ${e.status}`;
  const shape = events.map((e) => (e.type === "message-begin" ? "M" : e.type === "head" ? "H" : "E")).join("");
  if (!/^(MH)*M?E?$/.test(shape))
    return "a head without its message-begin, or two message-begin events without a head between them";
  if (shape.endsWith("M")) return "a request left open after finish(): it must end in an error";
  if (shape === "" && !input.every((byte) => byte === 0x0d || byte === 0x0a))
    return "no events at all for bytes that are not just empty lines";
  return undefined;
}

/** A planted fault's request may start with message-begin or not, as in the table (stage 02.1). */
function withoutBeginBeforeError(events: readonly Seen[]): Seen[] {
  return events.filter((e, i) => !(e.type === "message-begin" && events[i + 1]?.type === "error"));
}

stage("02.6", () => {
  const server = useLabServer(ENTRY);

  test(`the parser ends ${PARSER_INPUTS} mangled or random inputs in whole requests or one error, never an exception, however they are cut`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    for (const input of fuzzInputs(PARSER_INPUTS, random)) {
      const at = input.length > 1 ? [1 + Math.floor(random() * (input.length - 1))] : [];
      let whole: Seen[] = [];
      let split: Seen[] = [];
      try {
        whole = parse([input], true);
        split = parse(cut(input, at), true);
      } catch (error) {
        throw new CheckFailure(`the parser threw on a fuzzed input (${reproduceLine(seed, "02", "02.6")})`, {
          sent: escapeBytes(input),
          expected: "events, with an error event for bad input — never an exception",
          received: `${(error as Error).name}: ${(error as Error).message}`,
          hint: "Every path through the state machine must end in an event or an error event; a TODO stub or an index past the end throws.",
        });
      }
      const problem =
        misbehaviour(input, whole) ??
        (sameEvents(whole, split) ? undefined : `cut after byte ${at[0]}, the events differ: ${showEvents(split)}`);
      if (problem) {
        throw new CheckFailure(`the parser misbehaved on a fuzzed input (${reproduceLine(seed, "02", "02.6")})`, {
          sent: escapeBytes(input) + ", then finish()",
          expected:
            "whole requests (message-begin, head), then at most one error (a 4xx/5xx parse error), last; the same events however the bytes are cut",
          received: `${problem}; events: ${showEvents(whole)}`,
        });
      }
    }
  });

  test(`reads ${GENERATED_STREAMS} seeded generated request streams, cut at random points, into exactly the requests they were built from`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed + 2);
    for (let n = 0; n < GENERATED_STREAMS; n++) {
      const stream = generateStream(random);
      const bytes = stream.raw;
      const pieces =
        random() < 0.1
          ? Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1))
          : cut(
              bytes,
              [
                ...new Set(
                  Array.from(
                    { length: 1 + Math.floor(random() * 6) },
                    () => 1 + Math.floor(random() * (bytes.length - 1)),
                  ),
                ),
              ].sort((a, b) => a - b),
            );
      let events: Seen[];
      try {
        events = parse(pieces);
      } catch (error) {
        throw new CheckFailure(
          `the parser threw on a generated request stream (${reproduceLine(seed, "02", "02.6")})`,
          {
            sent: `${escapeBytes(bytes, 600)}, in ${pieces.length} pieces`,
            expected: showEvents(stream.events),
            received: `${(error as Error).name}: ${(error as Error).message}`,
          },
        );
      }
      if (sameEvents(withoutBeginBeforeError(events), withoutBeginBeforeError(stream.events))) continue;
      throw new CheckFailure(
        `the parser read a generated request stream wrong${stream.fault ? ` (its last request has ${stream.fault})` : ""} (${reproduceLine(seed, "02", "02.6")})`,
        {
          sent: `${escapeBytes(bytes, 600)}, in ${pieces.length} pieces`,
          expected: showEvents(stream.events),
          received: showEvents(events),
          hint: stream.fault
            ? "Every request before the fault is read whole; the fault ends the stream with its status, and the bytes after it are never parsed."
            : "Each request gives message-begin and its head: method, target and version as sent, field names lower-cased, values without the whitespace around them.",
        },
      );
    }
  });

  test(`the server survives ${SOCKET_INPUTS} mangled or random requests, closes each connection, and still answers`, async () => {
    const seed = checkSeed();
    const inputs = fuzzInputs(SOCKET_INPUTS, seededRandom(seed + 1));
    const deadline = Date.now() + SOCKET_BUDGET_MS;
    const replay = reproduceLine(seed, "02", "02.6");
    for (let i = 0; i < inputs.length; i += SOCKET_BATCH) {
      if (Date.now() > deadline) {
        throw new CheckFailure(`the fuzz run took longer than ${SOCKET_BUDGET_MS / 1000} s`, {
          kind: "timeout",
          expected: `${SOCKET_INPUTS} connections handled`,
          received: `only ${i} handled in time (${replay})`,
          hint: "Each connection should be answered and closed within milliseconds once the client has sent its FIN.",
        });
      }
      await Promise.all(inputs.slice(i, i + SOCKET_BATCH).map((input) => fuzzOne(input, replay)));
    }
    const valid = head("GET /after-the-fuzz HTTP/1.1", "Host: localhost");
    const client = await TcpClient.open(server());
    await sendRequest(client, valid);
    const response = await readResponse(client, { sent: escapeBytes(valid), server: server() });
    expectStatus(response, 200, {
      sent: escapeBytes(valid),
      hint: "The fuzz must not leave the server in a state where valid requests fail.",
    });
    client.close();
  });

  /** Sends one input and a FIN; the server must close the connection, after a valid response if any. */
  async function fuzzOne(input: Buffer, replay: string): Promise<void> {
    const client = await TcpClient.open(server());
    await sendRequest(client, input);
    client.endWriting();
    const deadline = Date.now() + CLOSE_WITHIN_MS;
    while (!client.isClosed() && Date.now() < deadline && !server().exitReason())
      await new Promise((r) => setTimeout(r, 10));
    const reason = server().exitReason();
    if (reason) {
      throw new CheckFailure(`the server died on a fuzzed input (${replay})`, {
        kind: "exited",
        sent: escapeBytes(input) + ", then FIN",
        expected: "an error response or a closed connection — the server keeps running",
        received: reason,
        hint: "An exception thrown in a 'data' handler kills the whole process: the parser must turn bad input into an error event.",
      });
    }
    const answer = client.pending();
    if (!client.isClosed() || (answer.length > 0 && !answer.subarray(0, 9).equals(Buffer.from("HTTP/1.1 ")))) {
      throw new CheckFailure(
        client.isClosed()
          ? `the server answered a fuzzed input with something that is not HTTP (${replay})`
          : `the server left a connection open after the client's FIN (${replay})`,
        {
          sent: escapeBytes(input) + ", then FIN",
          expected: `the connection closed within ${CLOSE_WITHIN_MS} ms, after an "HTTP/1.1 …" response or none`,
          received: answer.length ? escapeBytes(answer, 200) : "nothing",
          hint: "On 'end', call parser.finish(): answer its error if it has one, then end() your side.",
        },
      );
    }
    client.close();
  }
});
