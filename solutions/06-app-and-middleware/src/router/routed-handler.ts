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
  return (request) => {
    const { method, target } = request.head;
    if (!KNOWN_METHODS.has(method) && !router.routes().some((route) => route.method === method)) {
      return errorResponse(501, `the method ${method} is not implemented`);
    }
    // "OPTIONS *" asks about the server as a whole (RFC 9112 §3.2.4): every method it routes.
    if (target === "*") return optionsResponse(allowList(router.routes().map((route) => route.method)));
    const path = pathOf(target);
    const match = path === undefined ? undefined : router.match(method, path);
    if (!match || match.kind === "not-found") return errorResponse(404, `no route matches ${path ?? target}`);
    if (match.kind === "found") return match.handler(request, match.params);
    if (method === "OPTIONS") return optionsResponse(match.allow);
    const response = errorResponse(405, `${method} is not allowed on ${path}; try ${match.allow.join(", ")}`);
    return { ...response, headers: [...response.headers, ["Allow", match.allow.join(", ")]] };
  };
}

/**
 * The automatic answer to OPTIONS: what the target supports (RFC 9110 §9.3.7), and no content.
 * 204 ends with its head; the writer sends it without Content-Length (RFC 9110 §8.6).
 */
function optionsResponse(allow: readonly string[]): HttpResponse {
  return { status: 204, headers: [["Allow", allow.join(", ")]], body: "" };
}
