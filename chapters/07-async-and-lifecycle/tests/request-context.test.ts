// Stage 07.2: handlers are asynchronous and run side by side, and each request keeps its own
// context through all of its asynchronous work (AsyncLocalStorage): its id — a valid incoming
// X-Request-ID, else a new UUID, echoed in the response — is what requestId() returns after an
// await, in a timer, a microtask or parallel work, and what every log line written for it carries.
import { test } from "vitest";
import { allWithin, Deadline } from "../../../shared/check/budget.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import {
  ASYNC_APP,
  ASYNC_ENV,
  type Exchange,
  exchange,
  exchangeWithin,
  expectJson,
  expectStatus,
  fail,
  jsonBody,
  logsOf,
  requestIdOf,
  UUID_V4,
} from "./exchange.ts";

/** Requests handled at once in the concurrency check: each waits until all of them are in. */
const CONCURRENT = 8;
const CONTEXT_HINT =
  "Run the whole of each request inside runInContext({ requestId, logger }, …): AsyncLocalStorage.run() makes the store follow every await, timer and callback the request starts, and currentContext() reads it back.";
const ID_HINT =
  "chooseRequestId(incoming): keep an incoming id of 20 to 200 characters from [A-Za-z0-9+/=-]; otherwise randomUUID().";

/** Ids a client may choose, kept as they are. */
const VALID_IDS: readonly (readonly [string, string])[] = [
  ["a UUID", "0b7e3f9a-5c1d-4e2f-8a6b-9c0d1e2f3a4b"],
  ["20 characters, the shortest", "abcdefghij0123456789"],
  ["200 characters, the longest", "Z".repeat(200)],
  ["base64 with + / =", "dGhlIHJlcXVlc3QgaWQ+/w=="],
];

/** Ids that must be replaced. */
const INVALID_IDS: readonly (readonly [string, string])[] = [
  ["19 characters", "abcdefghij012345678"],
  ["201 characters", "Z".repeat(201)],
  ["a space", "abcdefghij 0123456789"],
  ["an underscore", "abcdefghij_0123456789"],
  ["a byte outside ASCII", "abcdefghij0123456789\xe9"],
  ["empty", ""],
];

interface Seen {
  handler?: unknown;
  together?: unknown;
  afterAwait?: unknown;
  timer?: unknown;
  microtask?: unknown;
  parallel?: unknown;
}

/** Every id the handler saw is the response's id. */
function expectOwnId(ex: Exchange, id: string): void {
  const seen = jsonBody(ex) as Seen;
  const ids = {
    handler: seen.handler,
    afterAwait: seen.afterAwait,
    timer: seen.timer,
    microtask: seen.microtask,
    parallel: seen.parallel,
  };
  const wrong = Object.entries(ids).filter(([, value]) =>
    Array.isArray(value) ? value.some((v) => v !== id) : value !== id,
  );
  if (wrong.length > 0) {
    fail(
      `requestId() gave another id ${wrong.map(([where]) => `in ${where}`).join(", ")}`,
      ex,
      `requestId() === "${id}" (the response's X-Request-ID) in the handler, after an await, in a timer, a microtask and parallel work`,
      CONTEXT_HINT,
    );
  }
}

stage("07.2", () => {
  const server = useSharedLabServer(ASYNC_APP, ASYNC_ENV);

  test(`${CONCURRENT} async handlers run at once, and each sees its own request id through awaits, timers, microtasks and parallel work`, async () => {
    const deadline = new Deadline(10_000);
    const group = `g${Date.now()}`;
    const results: { ex: Exchange; sentId: string | undefined }[] = [];
    await allWithin({ units: "requests", done: "answered", count: CONCURRENT }, deadline, async (i) => {
      // Half bring their own id; the rest get one made for them.
      const sentId = i % 2 === 0 ? `check-${group}-request-${i}`.padEnd(24, "x") : undefined;
      const headers: [string, string][] = sentId ? [["X-Request-ID", sentId]] : [];
      const ex = await exchangeWithin(
        server(),
        deadline,
        "GET",
        `/context/nested?group=${group}&size=${CONCURRENT}&ms=${1 + (i % 4) * 7}`,
        { headers },
      );
      results.push({ ex, sentId });
    });
    const ids = new Set<string>();
    for (const { ex, sentId } of results) {
      expectStatus(ex, 200);
      const id = requestIdOf(ex);
      if (sentId !== undefined && id !== sentId)
        fail("a valid incoming X-Request-ID was not kept", ex, `X-Request-ID: ${sentId}`, ID_HINT);
      if (sentId === undefined && !UUID_V4.test(id))
        fail(
          "a request without X-Request-ID did not get a new UUID",
          ex,
          "X-Request-ID: a version 4 UUID (crypto.randomUUID())",
          ID_HINT,
        );
      if ((jsonBody(ex) as Seen).together !== true) {
        fail(
          `the ${CONCURRENT} requests were not handled at the same time`,
          ex,
          `all ${CONCURRENT} handlers running at once (each waits until the others have started)`,
          "Each connection handles its own requests; a slow handler on one must not hold up the others.",
        );
      }
      expectOwnId(ex, id);
      ids.add(id);
    }
    if (ids.size !== CONCURRENT)
      fail(
        `${CONCURRENT} requests got ${ids.size} distinct ids`,
        results[0]!.ex,
        `${CONCURRENT} different ids`,
        ID_HINT,
      );
  });

  test.each(VALID_IDS)("keeps a valid incoming X-Request-ID (%s) and echoes it", async (_what, id) => {
    const ex = await exchange(server(), "GET", "/context/nested", { headers: [["X-Request-ID", id]] });
    expectStatus(ex, 200);
    if (requestIdOf(ex) !== id) fail("the valid X-Request-ID was not kept", ex, `X-Request-ID: ${id}`, ID_HINT);
    expectOwnId(ex, id);
  });

  test.each(INVALID_IDS)("replaces an X-Request-ID with %s by a new UUID", async (_what, id) => {
    const ex = await exchange(server(), "GET", "/context/nested", { headers: [["X-Request-ID", id]] });
    expectStatus(ex, 200);
    const echoed = requestIdOf(ex);
    if (!UUID_V4.test(echoed))
      fail("an invalid X-Request-ID was not replaced", ex, "X-Request-ID: a new version 4 UUID", ID_HINT);
    expectOwnId(ex, echoed);
  });

  test("the log lines of a request, however deep in its async work, carry its id, and no other request's lines do", async () => {
    const id = `check-logs-${Date.now()}`.padEnd(30, "0");
    const ex = await exchange(server(), "GET", "/context/nested", { headers: [["X-Request-ID", id]] });
    expectStatus(ex, 200);
    const lines = await logsOf(server(), id);
    const messages = lines.map((line) => line.msg).sort();
    const expected = ["handler done", "nested work", "nested work", "nested work"];
    if (JSON.stringify(messages) !== JSON.stringify(expected) || lines.some((line) => line.level !== "info")) {
      fail(
        `the app logged ${JSON.stringify(messages)} under the request's id`,
        ex,
        `the handler's four info lines, ${JSON.stringify(expected)}, each with "requestId": "${id}"`,
        "Logger.write() takes the request id from currentContext(): a line written anywhere in the request's work carries it.",
      );
    }
  });

  test("a 500 carries X-Request-ID, and its error is logged under that id — on the server, not in the response", async () => {
    const ex = await exchange(server(), "GET", "/context/crash");
    expectJson(ex, 500, { detail: "Internal Server Error" });
    const id = requestIdOf(
      ex,
      "Set X-Request-ID in the outermost layer, after the error layers: a 500 carries it too, so a bug report can quote it.",
    );
    const lines = await logsOf(server(), id);
    const logged = lines.find(
      (line) =>
        line.level === "error" &&
        JSON.stringify(line).includes("hunter2") &&
        JSON.stringify(line).includes("GET /context/crash"),
    );
    if (!logged) {
      fail(
        "the error behind the 500 is not in the log under the request's id",
        ex,
        `a log line at level "error" with "requestId": "${id}", naming GET /context/crash and holding the error`,
        "internalError() logs with log.error(…, { error }): the line takes the request id from the context.",
      );
    }
  });

  test("every response carries its own X-Request-ID, a 404 too", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const ex = await exchange(server(), "GET", `/nowhere/${i}`);
      expectStatus(ex, 404);
      const id = requestIdOf(ex);
      if (!UUID_V4.test(id) || ids.has(id))
        fail(
          `request ${i + 1} got the id ${id}, which is not a new UUID`,
          ex,
          "a new version 4 UUID for every request",
          ID_HINT,
        );
      ids.add(id);
    }
  });
});
