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

export class Router<H> {
  private readonly tree = new RadixTree<Map<string, Endpoint<H>>>();
  private readonly registered: RouteInfo[] = [];

  add(method: string, pattern: string, handler: H): RouteInfo {
    // TODO(05): register the route: check, parse, find its node, refuse a conflict, store it.
    // The method must be a token (METHOD_TOKEN); parsePattern(pattern); this.tree.nodeFor;
    // a second endpoint for the same method at that node is a RouteConflictError naming both
    // patterns (05.7); otherwise store { handler, route } and push the route to registered.
    throw new Error(`TODO(05): Router.add is not implemented (${method} ${pattern}, ${typeof handler})`);
  }

  /**
   * `path` is the request-target's path, without the query, still percent-encoded: the router
   * splits it at "/" first and decodes each segment after (see path-segments.ts).
   */
  match(method: string, path: string): RouteMatch<H> {
    // TODO(05): the first match, in precedence order, that has the method wins; else 405 or 404.
    // splitPath, then this.tree.matches(segments): the first whose endpoints have the method
    // (HEAD: or GET) is found, its values named by its route's params. Otherwise the methods
    // seen on the way → method-not-allowed with allowList; none at all → NOT_FOUND.
    throw new Error(`TODO(05): Router.match is not implemented (${method} ${path}, ${this.registered.length} routes)`);
  }

  routes(): readonly RouteInfo[] {
    return [...this.registered];
  }
}

/**
 * The methods a path supports, for Allow (RFC 9110 §10.2.1): the registered ones, HEAD
 * wherever GET is, and OPTIONS always (answered automatically). Well-known methods first,
 * in the order of RFC 9110, then any others alphabetically.
 */
export function allowList(registered: Iterable<string>): string[] {
  // TODO(05): add HEAD if there is GET, add OPTIONS; sort by KNOWN_METHODS order, others after.
  throw new Error(`TODO(05): allowList is not implemented (${[...registered].join(", ")})`);
}
