// Which request a piece of code is working for, wherever it runs: in the handler, in a function
// the handler awaits, in a timer it set, in a background task after the response. Node's
// AsyncLocalStorage carries a value along every continuation of the code that set it — awaits,
// timers, callbacks — so nothing is passed down by hand, and concurrent requests never see each
// other's.
//
//   request A ─ runInContext({ requestId: A }) ─► handler ─► await db() ─► setTimeout(…) ─► log … "requestId":"A"
//   request B ─ runInContext({ requestId: B }) ─► handler ─► await db() ───────────────────► log … "requestId":"B"
import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "./log.ts";
import { newRequestId } from "./request-ids.ts";

export interface RequestContext {
  /** The request's id: a valid X-Request-ID it came with, else a new UUID. The response echoes it. */
  readonly requestId: string;
  /** Where the app's log lines go. */
  readonly logger: Logger;
}

/**
 * The ids a client or a proxy may choose: 20 to 200 ASCII letters, digits, "+", "/", "=" and
 * "-", the rule Heroku's router applies to an incoming X-Request-ID. A UUID, a trace id or a
 * base64 digest fits; an id that could break a log line, fill it, or collide with another
 * client's (too short to be random) is replaced.
 */
const VALID_REQUEST_ID = /^[A-Za-z0-9+/=-]{20,200}$/;

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of a request that came with X-Request-ID `incoming` (undefined: none). */
export function chooseRequestId(incoming: string | undefined): string {
  return incoming !== undefined && VALID_REQUEST_ID.test(incoming) ? incoming : newRequestId();
}

/** Runs `fn` as work for the request of `context`, and so does everything it starts. */
export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request the calling code works for; undefined outside any request. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The id of the request the calling code works for; undefined outside any request. */
export function requestId(): string | undefined {
  return currentContext()?.requestId;
}

/**
 * `fn`, bound to the calling code's request, for code that someone else calls later. An async
 * generator, for one, runs in the context of whoever asks it for its next value — for a
 * streamed body, the connection — unless its next() is bound to the request that made it.
 */
export function bindToContext<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return AsyncLocalStorage.bind(fn);
}
