// Middleware wraps the application like the layers of an onion. Each layer gets the request
// and a `next` that runs everything inside it; what it does before `await next()` happens on
// the way in, what it does after, on the way out, in reverse order:
//
//   request ──► timing ──► auth ──► handler
//                 │          │         │
//   response ◄── timing ◄── auth ◄─────┘      (auth may answer itself and never call next)
//
// A layer gets its response from next() at once when nothing inside had to wait (maybe-async.ts):
// `await next()` works either way; a layer that only looks at the response can skip the await.
import { andThen, type MaybePromise } from "../http/maybe-async.ts";
import type { Request } from "./request.ts";
import type { Response } from "./response.ts";

export type Next = () => MaybePromise<Response>;
export type Middleware = (request: Request, next: Next) => MaybePromise<Response>;
export type Endpoint = (request: Request) => MaybePromise<Response>;

/** A bug in a middleware, reported as such rather than as a confusing symptom further on. */
export class MiddlewareError extends Error {
  override readonly name = "MiddlewareError";
}

/** Builds one endpoint out of the layers, outermost first, around `endpoint`. */
export function compose(layers: readonly Middleware[], endpoint: Endpoint): Endpoint {
  // What each layer's answer is checked with, made once here rather than once per request.
  const checks = layers.map((layer, index) => (response: Response) => {
    if (!response)
      throw new MiddlewareError(
        `middleware #${index + 1} (${layer.name || "anonymous"}) returned ${String(response)} instead of a Response`,
      );
    return response;
  });
  return (request) => run(0, request);

  function run(index: number, request: Request): MaybePromise<Response> {
    const layer = layers[index];
    if (!layer) return endpoint(request);
    let called = false;
    const next: Next = () => {
      // Running the inner layers twice would run the handler twice: a payment charged twice, a
      // row inserted twice. It is always a bug, so it fails loudly.
      if (called)
        throw new MiddlewareError(
          `middleware #${index + 1} (${layer.name || "anonymous"}) called next() more than once`,
        );
      called = true;
      return run(index + 1, request);
    };
    return andThen(layer(request, next), checks[index]!);
  }
}
