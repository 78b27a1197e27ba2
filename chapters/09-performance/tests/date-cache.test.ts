// Stage 09.3: the Date field, formatted once per second. In-process, the clock is vitest's fake
// one, so "one second" is exact and the count of Dates made and formatted is too; then over
// HTTP, every response of a bare app carries a valid IMF-fixdate close to the real time.

import { currentHttpDate } from "@lab/src/http/date-cache.ts";
import { afterEach, test, vi } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { header, readResponse, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { countDates } from "./date-counter.ts";

/** Calls within one second in the counting check. */
const CALLS = 10_000;
/** IMF-fixdate (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT". */
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** How far the server's Date may be from the checks' clock: the same machine, so seconds apart at most. */
const CLOCK_SLACK_MS = 5_000;

/** The IMF-fixdate of the second that holds `ms`: what every call within that second must return. */
function fixdate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

function at(ms: number): string {
  return `${new Date(ms).toISOString()} (Date.now() = ${ms})`;
}

afterEach(() => {
  vi.useRealTimers();
});

stage("09.3", () => {
  test("returns the current second as an IMF-fixdate, at any time of the second (RFC 9110 §5.6.7)", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const seed = checkSeed();
    const random = seededRandom(seed);
    // Seconds far apart, and ends of a second: .000 and .999 belong to the same one.
    const base = Date.UTC(2031, 4, 6, 7, 8, 9);
    const times = [
      base,
      base + 999,
      base + 1000,
      Date.UTC(1999, 11, 31, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29, 0, 0, 0),
    ];
    for (let i = 0; i < 50; i++) times.push(Math.floor(random() * Date.UTC(2100, 0, 1)));
    for (const now of times) {
      vi.setSystemTime(now);
      const text = currentHttpDate();
      if (text !== fixdate(now))
        throw new CheckFailure(`currentHttpDate() is wrong at ${at(now)} (${reproduceLine(seed, "09", "09.3")})`, {
          sent: `currentHttpDate() at ${at(now)}`,
          expected: JSON.stringify(fixdate(now)),
          received: JSON.stringify(text),
          hint: "Read the clock with Date.now() on every call and compare its second, Math.floor(now / 1000), with the second you formatted last; a new second is formatted with new Date(second * 1000).toUTCString().",
        });
    }
  });

  test(`makes and formats at most one Date for ${CALLS} calls within one second`, () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    // A second no other check uses, so nothing is cached for it yet.
    const second = Date.UTC(2032, 0, 15, 10, 20, 30);
    const expected = fixdate(second);
    const counter = countDates();
    let wrong: string | undefined;
    let counted: { made: number; formatted: number };
    try {
      for (let i = 0; i < CALLS; i++) {
        // Time goes on within the second: a thousand different milliseconds.
        vi.setSystemTime(second + Math.floor((i * 1000) / CALLS));
        const text = counter.during(currentHttpDate);
        if (text !== expected) wrong ??= `call ${i + 1} returned ${JSON.stringify(text)}`;
      }
    } finally {
      counted = counter.stop();
    }
    const { made, formatted } = counted;
    if (wrong)
      throw new CheckFailure("currentHttpDate() changed its answer within one second", {
        sent: `${CALLS} calls between ${at(second)} and ${at(second + 999)}`,
        expected: JSON.stringify(expected),
        received: wrong,
      });
    if (made > 1 || formatted > 1)
      throw new CheckFailure(`currentHttpDate() made ${made} Dates and formatted ${formatted} in one second`, {
        sent: `${CALLS} calls between ${at(second)} and ${at(second + 999)}`,
        expected:
          "at most one new Date(…) and one toUTCString() — the first call of the second; every other call returns the text kept",
        received: `${made} Dates made, toUTCString() called ${formatted} times`,
        hint: "Keep the second you formatted and its text in the module. Date.now() is cheap; new Date() and toUTCString() are what cost, so do them only when Math.floor(Date.now() / 1000) differs from the second you kept.",
      });
  });

  test("gives a new text when the second changes, and follows the clock when it is set back", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const first = Date.UTC(2033, 6, 1, 12, 0, 0, 500);
    const steps = [first, first + 400, first + 500, first + 1_000, first + 61_000, first - 3_600_000];
    for (const now of steps) {
      vi.setSystemTime(now);
      const text = currentHttpDate();
      if (text !== fixdate(now))
        throw new CheckFailure(`currentHttpDate() is stale at ${at(now)}`, {
          sent: `currentHttpDate() at ${steps
            .slice(0, steps.indexOf(now) + 1)
            .map((t) => new Date(t).toISOString())
            .join(", then ")}`,
          expected: JSON.stringify(fixdate(now)),
          received: JSON.stringify(text),
          hint: "Format again whenever the second differs from the one you kept — not only when it is larger: a clock set back by NTP or by hand must not freeze the Date.",
        });
    }
  });

  const server = useLabServer(checkApp("hello"));

  test("every response carries a Date in IMF-fixdate close to the real time, one second later a later one", async () => {
    const client = await TcpClient.open(server());
    try {
      const dates: number[] = [];
      for (let i = 0; i < 2; i++) {
        // The second request waits for the next second to start, so its Date must be a later one.
        if (i === 1) await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 50));
        const raw = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
        await sendRequest(client, raw);
        const response = await readResponse(client, { sent: escapeBytes(raw), server: server() });
        const date = header(response, "date");
        const parsed = date === undefined ? Number.NaN : Date.parse(date);
        if (date === undefined || !IMF_FIXDATE.test(date) || !(Math.abs(parsed - Date.now()) <= CLOCK_SLACK_MS))
          throw new CheckFailure(
            date === undefined ? "the response has no Date field" : "the response's Date is wrong",
            {
              sent: escapeBytes(raw),
              expected: `Date: an IMF-fixdate within ${CLOCK_SLACK_MS / 1000} s of ${new Date().toUTCString()}`,
              received: showResponse(response),
              hint: "An origin server with a clock sends Date in every 2xx, 3xx and 4xx response (RFC 9110 §6.6.1): the writer adds currentHttpDate().",
            },
          );
        dates.push(parsed);
      }
      if (!(dates[1]! > dates[0]!))
        throw new CheckFailure("the Date did not move on with the clock", {
          sent: "GET / twice on one connection, the second request in the next second",
          expected: "a later Date in the second response",
          received: dates.map((d) => new Date(d).toUTCString()).join(", then "),
          hint: "The cached text is for one second only: compare the second of Date.now() on every call.",
        });
    } finally {
      client.close();
    }
  });
});
