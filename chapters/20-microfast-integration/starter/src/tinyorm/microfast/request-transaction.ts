// One request, one transaction. The middleware runs the rest of the request — the layers inside
// it, the dependencies, the handler — as the callback of chapter 15's DB.transaction(), so every
// model call the handler makes, in a helper, in Promise.all, after a timer, runs on the request's
// session without being handed anything: the transaction travels in DB's AsyncLocalStorage, and
// two requests in flight each see their own.
//
//   request ─► requestTransaction ─► … ─► handler ─► 201        COMMIT, then the response
//                     │                        └───► throws ─► 409 / 404 / 500   ROLLBACK
//                     └─ GET: no transaction, each query on a pooled connection of its own
//
// microfast answers a handler's error inside the middleware (its inner error layer): next()
// resolves with a 409 or a 404, it does not throw. So the status decides: an answer of 400 or
// more undoes what the request wrote, as a throw does. Only a success commits.
import type { Middleware, Request } from "@trilogy/microfast";
import { DB } from "../model/db.ts";

/**
 * Methods that only read (RFC 9110 §9.2.1): they need no transaction, and running them outside
 * one keeps a connection for no longer than each statement.
 */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/** The default rule: a request runs in a transaction when its method may change something. */
export function unsafeMethod(request: Request): boolean {
  return !SAFE_METHODS.has(request.method);
}

/** The middleware that runs each request `inTransaction` picks in a DB.transaction() of its own. */
export function requestTransactions(inTransaction: (request: Request) => boolean = unsafeMethod): Middleware {
  return async function requestTransaction(request, next) {
    // TODO(20): a request inTransaction() does not pick: next() as it is. Any other: next()
    // inside DB.transaction()'s callback, where a response of status 400 or more must leave the
    // callback as a throw (carrying the response) so that the transaction rolls back; then
    // answer with that response. Any other error goes on up.
    throw new Error("TODO(20): requestTransactions() is not implemented");
  };
}
