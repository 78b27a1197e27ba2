// Stage 07.7: request.background(task) leaves work for after the response. The client gets its
// response without waiting for the task; the task starts once the response has been sent —
// a streamed one included — runs in the request's context, one after another with the others
// of its request; a failing task is logged under the request's id and the next one still runs.
// A handler that fails leaves nothing behind: its tasks never run (as in FastAPI).
import { test } from "vitest";
import { Deadline } from "../../../shared/check/budget.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { sleep } from "../../../shared/check/lab-server.ts";
import { useSharedLabServer } from "../../../shared/check/shared-lab-server.ts";
import { stage } from "../../../shared/check/stage.ts";
import {
  ASYNC_APP,
  ASYNC_ENV,
  exchange,
  exchangeWithin,
  expectJson,
  expectStatus,
  fail,
  logsOf,
  probe,
  probeUntil,
  recorded,
  requestIdOf,
  streamedExchange,
} from "./exchange.ts";

const START_HINT =
  "In dispatch(), once the handler has returned (and its value became a Response), hand request.backgroundTasks to BackgroundWork.start() with request.sent: they run when the connection has written the response.";
/** How long a check waits to be sure a task that must not run has not run: tasks start microseconds after a response. */
const NEVER_MS = 300;

stage("07.7", () => {
  const server = useSharedLabServer(ASYNC_APP, ASYNC_ENV);

  test("the response does not wait for the task; the task then runs, in the request's context", async () => {
    const key = `gated-${Date.now()}`;
    // The task waits at a gate the check opens only after it has the response: had the response waited for the task, it would never have come.
    const ex = await exchangeWithin(server(), new Deadline(5_000), "POST", `/tasks/gated/${key}`);
    expectJson(
      ex,
      200,
      { queued: key },
      "The response goes out first; the tasks start after it is sent, never before it.",
    );
    const id = requestIdOf(ex);
    await probeUntil(
      server(),
      key,
      (events) => recorded(events, "started"),
      "the task starting after the response",
      START_HINT,
    );
    expectStatus(await exchange(server(), "POST", `/gates/${key}`), 200);
    const events = await probeUntil(
      server(),
      key,
      (events) => events.length >= 2,
      "the task finishing once its gate opened",
      START_HINT,
    );
    if (!recorded(events, { done: id })) {
      fail(
        "the background task did not run in its request's context",
        ex,
        `requestId() in the task === "${id}" (the response's X-Request-ID)`,
        "Call BackgroundWork.start() inside the request's context: a promise continuation runs in the context where it was registered.",
      );
    }
  });

  test("tasks start only once a streamed response has been sent whole, not when the handler returns", async () => {
    const key = `stream-${Date.now()}`;
    const { sent, response } = await streamedExchange(server(), `/tasks/after-stream/${key}`);
    const events = await probeUntil(
      server(),
      key,
      (events) => events.length > 0,
      "the task running after the streamed response",
      START_HINT,
    );
    if (response.status !== 200 || !recorded(events, { streamFinishedFirst: true })) {
      throw new CheckFailure("a task started while its streamed response was still being sent", {
        sent,
        expected: "a 200 whose three pieces are all sent before the task starts",
        received: `${response.status}, and the task recorded ${JSON.stringify(events)}`,
        hint: "Wait for request.sent — it settles when the connection has written the whole response — before running the tasks.",
      });
    }
  });

  test("a request's tasks run one after another, in order; a failing one is logged under the request's id and the next one still runs", async () => {
    const key = `ordered-${Date.now()}`;
    const ex = await exchange(server(), "POST", `/tasks/ordered/${key}`);
    expectStatus(ex, 200);
    const events = await probeUntil(
      server(),
      key,
      (events) => recorded(events, "c ran"),
      "the third task running",
      "Run the tasks in a loop, awaiting each; catch what one throws, log it, and go on.",
    );
    if (JSON.stringify(events) !== JSON.stringify(["a started", "a done", "b ran", "c ran"])) {
      fail(
        "the tasks did not run one after another, in the order they were added",
        ex,
        '["a started","a done","b ran","c ran"]: b starts after a has finished',
        "await each task before starting the next.",
      );
    }
    const lines = await logsOf(server(), requestIdOf(ex));
    if (!lines.some((line) => line.level === "error" && JSON.stringify(line).includes("task b failed on purpose"))) {
      fail(
        "the failing task's error is not logged under the request's id",
        ex,
        'a log line at level "error" holding "task b failed on purpose"',
        "log.error(…, { error }) inside the task's context, so the line carries the request's id.",
      );
    }
  });

  test("a handler that fails after adding a task: its error is the response, and the task never runs", async () => {
    const key = `failed-${Date.now()}`;
    const ex = await exchange(server(), "POST", `/tasks/then-fail/${key}`);
    expectJson(ex, 409, { detail: "the handler failed after adding a task" });
    await sleep(NEVER_MS);
    const events = await probe(server(), key);
    if (events.length > 0)
      fail(
        "the task of a handler that threw ran anyway",
        ex,
        "no task: a handler that fails leaves nothing to do after its response",
        "Start the tasks only after the handler has returned a value.",
      );
  });
});
