// The router: patterns in, handlers out. Registration parses a pattern, rejects it if it
// conflicts with a route already there, and stores the handler in the radix tree. Matching
// splits the path into decoded segments and walks the tree in precedence order:
//
//   static  >  parameter ({id:int} before {id})  >  wildcard ({rest:path})
//
// decided segment by segment from the left, backing up when a branch cannot finish the path.
// No regular expression is built from a pattern, so no request can make matching backtrack
// without bound (ReDoS): each tree node is visited at most once per request.
import { KNOWN_METHODS } from "../http/methods.ts";
import type { ParamType, ParamValue } from "./param-types.ts";
import { splitPath } from "./path-segments.ts";
import { type PatternSegment, parsePattern } from "./pattern.ts";
import { RadixTree } from "./radix-tree.ts";

export type { ParamType, ParamValue } from "./param-types.ts";
export { PatternError } from "./pattern.ts";

export type Params = Readonly<Record<string, ParamValue>>;

export interface RouteInfo {
  readonly method: string;
  readonly pattern: string;
  readonly params: readonly { readonly name: string; readonly type: ParamType }[];
}

export type RouteMatch<H> =
  | { readonly kind: "found"; readonly handler: H; readonly params: Params; readonly route: RouteInfo }
  | { readonly kind: "method-not-allowed"; readonly allow: readonly string[] }
  | { readonly kind: "not-found" };

/** Two registrations that would match exactly the same requests: the second is refused. */
export class RouteConflictError extends Error {
  override readonly name = "RouteConflictError";
}

/** What one route stores at its node: each method of a node has at most one. */
interface Endpoint<H> {
  readonly handler: H;
  readonly route: RouteInfo;
}

/** A method is a token (RFC 9110 §9.1), case-sensitive: "get" is not GET. */
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_FOUND = Object.freeze({ kind: "not-found" as const });
/** The params of a route without parameters: one frozen object for all of them. */
const NO_PARAMS: Params = Object.freeze({});

export class Router<H> {
  private readonly tree = new RadixTree<Map<string, Endpoint<H>>>();
  private readonly registered: RouteInfo[] = [];
  /**
   * Routes without parameters, by their path: most requests of most apps ask for one of these
   * ("/", "/health", "/api/users"), and one Map lookup finds it without splitting the path or
   * walking the tree. The tree stays the authority: a path not found here is looked up there.
   */
  private readonly exact = new Map<string, Map<string, Endpoint<H>>>();

  add(method: string, pattern: string, handler: H): RouteInfo {
    if (!METHOD_TOKEN.test(method))
      throw new Error(`${JSON.stringify(method)} is not an HTTP method (a token such as GET, RFC 9110 §9.1)`);
    const segments = parsePattern(pattern);
    // Patterns that differ only in parameter names end at the same node, so a second
    // endpoint for the same method there is exactly a conflict. Different parameter types at
    // one position ({id:int} and {name}) lead to different nodes: both are allowed, and the
    // narrower type is tried first.
    const node = this.tree.nodeFor(segments);
    const endpoints = (node.value ??= new Map());
    const existing = endpoints.get(method);
    if (existing) {
      throw new RouteConflictError(
        `${method} ${pattern} conflicts with ${method} ${existing.route.pattern}, registered before: both match exactly the same paths` +
          " (parameter names do not tell routes apart). Remove one, or change its path or a parameter type.",
      );
    }
    const route: RouteInfo = Object.freeze({ method, pattern, params: Object.freeze(paramsOf(segments)) });
    endpoints.set(method, { handler, route });
    this.registered.push(route);
    // A "%" in the pattern would be compared decoded by the tree but raw by the map: tree only.
    if (segments.every((segment) => segment.kind === "static" && !segment.text.includes("%"))) {
      this.exact.set(
        `/${segments.map((segment) => (segment.kind === "static" ? segment.text : "")).join("/")}`,
        endpoints,
      );
    }
    return route;
  }

  /**
   * `path` is the request-target's path, without the query, still percent-encoded: the router
   * splits it at "/" first and decodes each segment after (see path-segments.ts).
   */
  match(method: string, path: string): RouteMatch<H> {
    // A literal route beats any pattern in precedence, so when it has the method it is the answer.
    const literal = this.exact.get(path);
    const endpoint = literal?.get(method) ?? (method === "HEAD" ? literal?.get("GET") : undefined);
    if (endpoint) return { kind: "found", handler: endpoint.handler, params: NO_PARAMS, route: endpoint.route };
    const segments = splitPath(path);
    if (!segments) return NOT_FOUND;
    const methods = new Set<string>();
    // The best route for this path that has this method wins. A route earlier in precedence
    // order without the method does not stop the search: DELETE /users/me reaches
    // DELETE /users/{id} when /users/me has only GET.
    for (const { value: endpoints, values } of this.tree.matches(segments)) {
      // HEAD is GET without the body (RFC 9110 §9.3.2), unless a route handles HEAD itself.
      const endpoint = endpoints.get(method) ?? (method === "HEAD" ? endpoints.get("GET") : undefined);
      if (endpoint)
        return {
          kind: "found",
          handler: endpoint.handler,
          params: named(endpoint.route, values),
          route: endpoint.route,
        };
      for (const m of endpoints.keys()) methods.add(m);
    }
    if (methods.size === 0) return NOT_FOUND;
    return { kind: "method-not-allowed", allow: allowList(methods) };
  }

  routes(): readonly RouteInfo[] {
    return [...this.registered];
  }
}

function paramsOf(segments: readonly PatternSegment[]): RouteInfo["params"] {
  const params: { name: string; type: ParamType }[] = [];
  for (const segment of segments) {
    if (segment.kind === "param") params.push({ name: segment.name, type: segment.type });
    if (segment.kind === "wildcard") params.push({ name: segment.name, type: "path" });
  }
  return params;
}

/** The tree captures values by position; this route gives them its names. */
function named(route: RouteInfo, values: readonly ParamValue[]): Params {
  return Object.freeze(Object.fromEntries(route.params.map((p, i) => [p.name, values[i]!])));
}

/**
 * The methods a path supports, for Allow (RFC 9110 §10.2.1): the registered ones, HEAD
 * wherever GET is, and OPTIONS always (answered automatically). Well-known methods first,
 * in the order of RFC 9110, then any others alphabetically.
 */
export function allowList(registered: Iterable<string>): string[] {
  const methods = new Set(registered);
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  const order = [...KNOWN_METHODS];
  const rank = (m: string) => (order.includes(m) ? order.indexOf(m) : order.length);
  return [...methods].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
