// Stage 09.7: synchronous fast paths. In-process, andThen() and recover() go on at once with a
// plain value and wait only for a promise, and an Exchange makes its AbortController and its
// `sent` promise only when asked. Over HTTP, the counting app (tests/apps/counting.ts) counts
// every promise and AbortController its process makes: a synchronous handler behind a
// synchronous middleware and compression() must cost next to none per request.
import { createHook } from "node:async_hooks";
import { BodyStream } from "@lab/src/http/body-stream.ts";
import { Exchange } from "@lab/src/http/exchange.ts";
import { andThen, recover } from "@lab/src/http/maybe-async.ts";
import type { RequestHead } from "@lab/src/http/request-head.ts";
import { afterEach, test } from "vitest";
import { checkApp } from "../../../shared/check/check-app.ts";
import { CheckFailure, escapeBytes } from "../../../shared/check/failure.ts";
import { readResponse, sendRequest, showResponse } from "../../../shared/check/http-client.ts";
import { useLabServer } from "../../../shared/check/lab-server.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { TcpClient } from "../../../shared/check/tcp-client.ts";
import { COUNTS_PATH, type Counts } from "./fixtures/counts.ts";
import { HELLO } from "./fixtures/hello.ts";

/** Requests measured on one keep-alive connection. */
const REQUESTS = sized("09.7", { full: 500, quick: 200 });
/** Requests before the first count: whatever is made once (caches, the first timer) is not per request. */
const WARM_UP = 50;
/**
 * Promises a plain request may cost. A synchronous handler needs none; a few are fair (a body
 * read taken whole, a layer that has to wait). async/await through the connection, the app and
 * each middleware costs some thirty.
 */
const MAX_PROMISES_PER_REQUEST = 3;

const HEAD: RequestHead = { method: "GET", target: "/", version: { major: 1, minor: 1 }, headers: [] };

/** Promises created while `work` runs synchronously: an async_hooks hook sees each one. */
function promisesMadeBy<T>(work: () => T): { value: T; promises: number } {
  let promises = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === "PROMISE") promises++;
    },
  }).enable();
  try {
    const value = work();
    return { value, promises };
  } finally {
    hook.disable();
  }
}

/** Whether `promise` has settled once the microtasks queued so far have run. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return settled;
}

const NativeAbortController = globalThis.AbortController;
/** AbortControllers made since counting started. */
let controllersMade = 0;

/** Counts AbortControllers made from now until the end of the check. */
function countControllers(): void {
  controllersMade = 0;
  globalThis.AbortController = class CountedAbortController extends NativeAbortController {
    constructor() {
      super();
      controllersMade++;
    }
  };
}

afterEach(() => {
  globalThis.AbortController = NativeAbortController;
});

function exchange(clientGone: () => boolean = () => false): Exchange {
  return new Exchange(HEAD, new BodyStream(() => {}), clientGone);
}

stage("09.7", () => {
  test("andThen() applies its function at once to a plain value, without a promise, and after a promise settles to a promise", async () => {
    const order: string[] = [];
    const { value, promises } = promisesMadeBy(() =>
      andThen(20, (n) => {
        order.push("fn");
        return n + 1;
      }),
    );
    order.push("returned");
    if (value instanceof Promise || value !== 21 || order[0] !== "fn" || promises > 0)
      throw new CheckFailure("andThen() made a plain value wait", {
        sent: "andThen(20, (n) => n + 1)",
        expected: "21 itself, returned after fn ran, and no promise made",
        received: `${value instanceof Promise ? "a Promise" : String(value)}; ${order.join(" before ")}; ${promises} promise(s) made`,
        hint: "A value that is not a promise needs no waiting: call fn(value) and return what it returns. Only a promise gets .then(fn).",
      });
    const later = andThen(Promise.resolve(20), (n) => n + 1);
    if (!(later instanceof Promise) || (await later) !== 21)
      throw new CheckFailure("andThen() did not wait for a promise", {
        sent: "andThen(Promise.resolve(20), (n) => n + 1)",
        expected: "a promise of 21",
        received: later instanceof Promise ? `a promise of ${await later}` : String(later),
        hint: "value instanceof Promise ? value.then(fn) : fn(value)",
      });
    const chained = andThen(1, (n) => Promise.resolve(n * 2));
    if (!(chained instanceof Promise) || (await chained) !== 2)
      throw new CheckFailure("andThen() lost the promise its function returned", {
        sent: "andThen(1, (n) => Promise.resolve(n * 2))",
        expected: "that promise, of 2",
        received: String(chained),
        hint: "fn may itself return a promise: return it as it is.",
      });
  });

  test("recover() catches a throw at once, a rejection once it comes, and leaves a value alone", async () => {
    const fallback = (error: unknown) => `recovered from ${(error as Error).message}`;
    const thrown = promisesMadeBy(() =>
      recover(() => {
        throw new Error("boom");
      }, fallback),
    );
    if (thrown.value !== "recovered from boom" || thrown.promises > 0)
      throw new CheckFailure("recover() did not catch a synchronous throw at once", {
        sent: 'recover(() => { throw new Error("boom") }, onError)',
        expected: '"recovered from boom", returned at once, no promise made',
        received: `${thrown.value instanceof Promise ? "a Promise" : JSON.stringify(thrown.value)}; ${thrown.promises} promise(s) made`,
        hint: "try { value = fn() } catch (error) { return onError(error) }",
      });
    const plain = promisesMadeBy(() => recover(() => "fine", fallback));
    if (plain.value !== "fine" || plain.promises > 0)
      throw new CheckFailure("recover() made a plain value wait", {
        sent: 'recover(() => "fine", onError)',
        expected: '"fine", returned at once, no promise made',
        received: `${plain.value instanceof Promise ? "a Promise" : JSON.stringify(plain.value)}; ${plain.promises} promise(s) made`,
        hint: "A value that is not a promise is returned as it is.",
      });
    const rejected = recover(() => Promise.reject(new Error("later")), fallback);
    const outcome =
      rejected instanceof Promise ? await rejected.catch((error: unknown) => `rejected: ${String(error)}`) : rejected;
    if (outcome !== "recovered from later")
      throw new CheckFailure("recover() let a rejection through", {
        sent: 'recover(() => Promise.reject(new Error("later")), onError)',
        expected: 'a promise of "recovered from later"',
        received: JSON.stringify(outcome),
        hint: "A promise gets .catch(onError): an async handler's failure is a rejection, not a throw.",
      });
  });

  test("an Exchange makes no AbortController and no promise until its signal or sent is asked for", () => {
    countControllers();
    const { promises } = promisesMadeBy(() => {
      const made = exchange();
      made.clientLeft();
      made.done();
    });
    if (controllersMade > 0 || promises > 0)
      throw new CheckFailure("an Exchange paid for what nobody asked for", {
        sent: "new Exchange(head, body, clientGone), clientLeft(), done() — signal and sent never read",
        expected: "no AbortController and no promise made",
        received: `${controllersMade} AbortController(s), ${promises} promise(s)`,
        hint: "Make the AbortController in the signal getter, the first time it is read; the sent promise in the sent getter. Most handlers read neither.",
      });
    const fresh = exchange();
    const first = fresh.signal;
    const again = fresh.signal;
    if (controllersMade !== 1 || first !== again || first.aborted)
      throw new CheckFailure("reading signal twice did not give the same signal", {
        sent: "exchange.signal, twice",
        expected: "one AbortController made, the same signal both times, not aborted",
        received: `${controllersMade} AbortController(s); ${first === again ? "the same signal" : "two signals"}; aborted: ${first.aborted}`,
        hint: "Keep the controller once made: this.abort ??= new AbortController().",
      });
  });

  test("a signal read after the client left is born aborted; one read before is aborted when it leaves", () => {
    let gone = false;
    const late = exchange(() => gone);
    gone = true;
    late.clientLeft();
    const born = late.signal;
    if (!born.aborted || !(born.reason instanceof DOMException) || born.reason.name !== "AbortError")
      throw new CheckFailure("a signal asked for after the client left is not aborted", {
        sent: "new Exchange(head, body, () => gone); gone = true; clientLeft(); then exchange.signal",
        expected: "an aborted signal, its reason a DOMException named AbortError",
        received: `aborted: ${born.aborted}, reason: ${String(born.reason)}`,
        hint: "A signal made late must tell the truth: when clientGone() says the client has left, abort the controller as soon as it is made.",
      });
    gone = false;
    const early = exchange(() => gone);
    const signal = early.signal;
    const abortedBefore = signal.aborted;
    gone = true;
    early.clientLeft();
    if (
      abortedBefore ||
      !signal.aborted ||
      !(signal.reason instanceof DOMException) ||
      signal.reason.name !== "AbortError"
    )
      throw new CheckFailure("a signal given out before the client left was not aborted when it left", {
        sent: "exchange.signal, then clientLeft()",
        expected: "not aborted at first, then aborted with an AbortError DOMException",
        received: `aborted at first: ${abortedBefore}; after clientLeft(): ${signal.aborted}, reason: ${String(signal.reason)}`,
        hint: "clientLeft() aborts the controller if one has been made; if none has, there is nothing to tell yet.",
      });
  });

  test("sent resolves once done() is called, and at once when it was called before", async () => {
    const pending = exchange();
    const sent = pending.sent;
    if (await settledSoon(sent))
      throw new CheckFailure("sent resolved before the response was written", {
        sent: "exchange.sent, before done()",
        expected: "a pending promise",
        received: "a settled promise",
        hint: "sent resolves in done(): keep the resolve function of the promise you made.",
      });
    pending.done();
    if (!(await settledSoon(sent)))
      throw new CheckFailure("sent did not resolve after done()", {
        sent: "exchange.sent, then done()",
        expected: "the promise to resolve",
        received: "still pending",
        hint: "done() calls the resolve function kept when the sent getter made the promise.",
      });
    const finished = exchange();
    finished.done();
    if (!(await settledSoon(finished.sent)))
      throw new CheckFailure("sent read after done() never resolves", {
        sent: "done(), then exchange.sent",
        expected: "a resolved promise",
        received: "a pending promise",
        hint: "Remember that done() was called: the sent getter then returns Promise.resolve().",
      });
  });

  const server = useLabServer(checkApp("counting"));

  test(`${REQUESTS} plain requests on one connection cost at most ${MAX_PROMISES_PER_REQUEST} promises and no AbortController each`, async () => {
    const client = await TcpClient.open(server());
    const get = async (target: string): Promise<Buffer> => {
      const raw = `GET ${target} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
      await sendRequest(client, raw);
      const response = await readResponse(client, { sent: escapeBytes(raw), server: server() });
      if (response.status !== 200)
        throw new CheckFailure(`GET ${target} failed`, {
          sent: escapeBytes(raw),
          expected: "a 200 response",
          received: showResponse(response),
        });
      return response.body;
    };
    const counts = async (): Promise<Counts> => JSON.parse((await get(COUNTS_PATH)).toString("utf8")) as Counts;
    try {
      for (let i = 0; i < WARM_UP; i++) await get("/");
      const before = await counts();
      for (let i = 0; i < REQUESTS; i++) {
        const body = await get("/");
        if (!body.equals(Buffer.from(HELLO)))
          throw new CheckFailure("GET / answered the wrong body", {
            sent: "GET / HTTP/1.1",
            expected: JSON.stringify(HELLO),
            received: escapeBytes(body),
          });
      }
      const after = await counts();
      // Between the two counts: the requests, and one counts request.
      const measured = REQUESTS + 1;
      const promises = (after.promises - before.promises) / measured;
      const controllers = (after.abortControllers - before.abortControllers) / measured;
      if (promises > MAX_PROMISES_PER_REQUEST || controllers > 0)
        throw new CheckFailure(
          `a plain request cost ${promises.toFixed(1)} promises and ${controllers.toFixed(2)} AbortControllers`,
          {
            sent: `${REQUESTS} × GET / on one keep-alive connection, one at a time (a synchronous handler behind a pass-through middleware and compression())`,
            expected: `at most ${MAX_PROMISES_PER_REQUEST} promises and no AbortController per request`,
            received: `${after.promises - before.promises} promises and ${after.abortControllers - before.abortControllers} AbortControllers for ${measured} requests`,
            hint:
              controllers > 0
                ? "An AbortController per request is made by an Exchange (or a Request) that builds its signal up front: make it in the getter, when a handler reads it."
                : "Every async function, every await and every .then() is a promise. Let each layer hand on a plain value when it has one: andThen() and recover() (maybe-async.ts) in the connection, the app and the middleware, async only where something really waits.",
          },
        );
    } finally {
      client.close();
    }
  });
});
