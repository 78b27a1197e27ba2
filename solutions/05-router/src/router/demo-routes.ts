// The routes `src/router/main.ts` serves, chosen to show every rule of the chapter: static
// beside parameters, typed parameters, a wildcard tail, routes that need backtracking, and
// paths with several methods. Each handler answers with the route that matched and its
// parameters as JSON, so curl (and the checks) can see the router's decision.
import type { HttpRequest } from "../http/request.ts";
import type { HttpResponse } from "../http/response-writer.ts";
import type { RouteHandler } from "./routed-handler.ts";
import { type Params, Router } from "./router.ts";

export const DEMO_ROUTES: readonly (readonly [method: string, pattern: string])[] = [
  ["GET", "/"],
  ["GET", "/users"],
  ["POST", "/users"],
  ["GET", "/users/me"],
  ["GET", "/users/{id:int}"],
  ["PUT", "/users/{id:int}"],
  ["DELETE", "/users/{id:int}"],
  ["GET", "/users/{name}"],
  ["GET", "/users/{id:int}/posts/{slug}"],
  ["GET", "/files/{rest:path}"],
  ["GET", "/files/readme"],
  ["GET", "/a/{x}/c"],
  ["GET", "/a/b/{y}"],
  ["GET", "/a/b/c/d"],
  ["GET", "/a/{x}/c/e"],
  ["POST", "/echo"],
  ["OPTIONS", "/custom-options"],
];

export function demoRouter(): Router<RouteHandler> {
  const router = new Router<RouteHandler>();
  for (const [method, pattern] of DEMO_ROUTES) {
    router.add(method, pattern, method === "POST" && pattern === "/echo" ? echo : describe(`${method} ${pattern}`));
  }
  return router;
}

/** Answers with the route and its parameters: {"route":"GET /users/{id:int}","params":{"id":42}}. */
function describe(route: string): RouteHandler {
  return (_request: HttpRequest, params: Params): HttpResponse => ({
    status: 200,
    headers: [["Content-Type", "application/json"]],
    body: JSON.stringify({ route, params }),
  });
}

/** The request body back, with its Content-Type: proof that bodies reach routed handlers. */
function echo(request: HttpRequest): HttpResponse {
  const type = request.head.headers.find((field) => field.name === "content-type")?.value ?? "application/octet-stream";
  return { status: 200, headers: [["Content-Type", type]], body: request.body };
}
