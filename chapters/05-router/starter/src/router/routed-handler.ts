// The router behind the connection: turns a request into the right handler call, or into
// the answer HTTP prescribes when there is none.
//
//   no route has the path  → 404 Not Found
//   routes have the path, not the method → 405 Method Not Allowed + Allow (RFC 9110 §15.5.6)
//   HEAD, a GET route      → the GET handler; the connection drops the body (RFC 9110 §9.3.2)
//   OPTIONS, no route      → 204 No Content + Allow (RFC 9110 §9.3.7)
//   a method nobody knows  → 501 Not Implemented (RFC 9110 §15.6.2)
import { errorResponse } from "../http/error-response.ts";
import type { Handler } from "../http/handler.ts";
import { KNOWN_METHODS } from "../http/methods.ts";
import type { HttpRequest } from "../http/request.ts";
import type { HttpResponse } from "../http/response-writer.ts";
import { pathOf } from "./path-segments.ts";
import { allowList, type Params, type Router } from "./router.ts";

export type RouteHandler = (request: HttpRequest, params: Params) => HttpResponse | Promise<HttpResponse>;

export function routedHandler(router: Router<RouteHandler>): Handler {
  // TODO(05): return a Handler that calls the matched route, or answers 501, 404, 405 or OPTIONS.
  // 501 for a method neither KNOWN_METHODS nor any route has; "OPTIONS *" →
  // optionsResponse(allowList(every route's method)); pathOf(target), then router.match:
  // found → the route's handler(request, params); OPTIONS not allowed →
  // optionsResponse(match.allow); other methods → 405 with Allow; no route or no path → 404.
  throw new Error(`TODO(05): routedHandler is not implemented (${router.routes().length} routes)`);
}

/**
 * The automatic answer to OPTIONS: what the target supports (RFC 9110 §9.3.7), and no content.
 * 204 ends with its head; the writer sends it without Content-Length (RFC 9110 §8.6).
 */
function optionsResponse(allow: readonly string[]): HttpResponse {
  return { status: 204, headers: [["Allow", allow.join(", ")]], body: "" };
}
