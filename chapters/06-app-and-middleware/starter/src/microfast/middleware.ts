// Middleware wraps the application like the layers of an onion. Each layer gets the request
// and a `next` that runs everything inside it; what it does before `await next()` happens on
// the way in, what it does after, on the way out, in reverse order:
//
//   request ──► timing ──► auth ──► handler
//                 │          │         │
//   response ◄── timing ◄── auth ◄─────┘      (auth may answer itself and never call next)
import type { Request } from "./request.ts";
import type { Response } from "./response.ts";

export type Next = () => Promise<Response>;
export type Middleware = (request: Request, next: Next) => Response | Promise<Response>;
export type Endpoint = (request: Request) => Promise<Response>;

/** A bug in a middleware, reported as such rather than as a confusing symptom further on. */
export class MiddlewareError extends Error {
  override readonly name = "MiddlewareError";
}

/** Builds one endpoint out of the layers, outermost first, around `endpoint`. */
export function compose(layers: readonly Middleware[], endpoint: Endpoint): Endpoint {
  // With no layers there is nothing to wrap (enough for stages 06.1 and 06.2).
  if (layers.length === 0) return endpoint;
  // TODO(06): build the onion — layer i gets next() that runs layer i + 1, the endpoint after the last; a second next() rejects with MiddlewareError (stage 06.3).
  throw new Error(`TODO(06): compose is not implemented for ${layers.length} middleware layer(s)`);
}
