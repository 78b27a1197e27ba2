// Runs route tables against the lab's Router in-process: register the routes, match one
// request, compare the outcome with what the table says. Each handler is the label of its own
// registration ("GET /users/{id}"), so the outcome shows which route won.
import { type RouteMatch, Router } from "@lab/src/router/router.ts";
import { CheckFailure } from "../../../shared/check/failure.ts";

export type Registration = readonly [method: string, pattern: string];

export type Outcome =
  /** The route (by its label "METHOD pattern") that must answer, and its parameters exactly. */
  | { readonly route: string; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly notFound: true }
  /** 405: the methods Allow must list, in any order. */
  | { readonly allow: readonly string[] };

export interface RouteCase {
  readonly request: readonly [method: string, path: string];
  readonly expect: Outcome;
  /** Why this is the answer: shown with the failure. */
  readonly hint?: string;
}

export interface RouteTable {
  readonly what: string;
  readonly routes: readonly Registration[];
  readonly cases: readonly RouteCase[];
}

const TODO = /TODO\(\d\d\)|not implemented/i;

export function label([method, pattern]: Registration): string {
  return `${method} ${pattern}`;
}

/** A router with `routes` registered in this order. An unexpected throw becomes a check failure. */
export function buildRouter(routes: readonly Registration[]): Router<string> {
  const router = new Router<string>();
  for (const route of routes) {
    try {
      router.add(route[0], route[1], label(route));
    } catch (error) {
      if (error instanceof Error && TODO.test(error.message)) throw error;
      throw new CheckFailure(`add(${JSON.stringify(route[0])}, ${JSON.stringify(route[1])}) threw`, {
        sent: showRoutes(routes),
        expected: "every one of these routes to register: none of them conflicts with another",
        received: String(error),
        hint: "Only two registrations with the same method and the same shape (same text, same parameter types, names aside) conflict.",
      });
    }
  }
  return router;
}

export function showRoutes(routes: readonly Registration[]): string {
  return `routes ${routes.map(label).join(", ")}`;
}

export function showOutcome(outcome: Outcome): string {
  if ("notFound" in outcome) return "not-found (404)";
  if ("allow" in outcome) return `method-not-allowed (405), Allow: ${outcome.allow.join(", ")}`;
  return `found ${outcome.route}${outcome.params ? ` with params ${showParams(outcome.params)}` : ""}`;
}

export function showMatch(match: RouteMatch<string>): string {
  switch (match.kind) {
    case "found":
      return `found ${match.handler} with params ${showParams(match.params)}`;
    case "method-not-allowed":
      return `method-not-allowed (405), Allow: ${match.allow.join(", ")}`;
    case "not-found":
      return "not-found (404)";
    default:
      return `something else: ${JSON.stringify(match)}`;
  }
}

/** {"id":42} shows a number, {"id":"42"} a string: the difference a typed parameter makes. */
export function showParams(params: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(params)
        .sort()
        .map((k) => [k, params[k]]),
    ),
  );
}

function sameParams(got: Readonly<Record<string, unknown>>, want: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(got).sort();
  const wanted = Object.keys(want).sort();
  return keys.length === wanted.length && keys.every((k, i) => k === wanted[i] && Object.is(got[k], want[k]));
}

function sameMethods(got: readonly string[], want: readonly string[]): boolean {
  return got.length === want.length && [...got].sort().join(",") === [...want].sort().join(",");
}

export function agrees(match: RouteMatch<string>, outcome: Outcome): boolean {
  if ("notFound" in outcome) return match.kind === "not-found";
  if ("allow" in outcome) return match.kind === "method-not-allowed" && sameMethods(match.allow, outcome.allow);
  return match.kind === "found" && match.handler === outcome.route && sameParams(match.params, outcome.params ?? {});
}

/** Registers the table's routes (in the given order) and checks one request against it. */
export function checkCase(routes: readonly Registration[], row: RouteCase, fallbackHint?: string): void {
  const router = buildRouter(routes);
  const [method, path] = row.request;
  const match = router.match(method, path);
  if (agrees(match, row.expect)) return;
  const hint = row.hint ?? fallbackHint;
  throw new CheckFailure(`match(${JSON.stringify(method)}, ${JSON.stringify(path)}) gave the wrong answer`, {
    sent: `${showRoutes(routes)}; then match(${JSON.stringify(method)}, ${JSON.stringify(path)})`,
    expected: showOutcome(row.expect),
    received: showMatch(match),
    ...(hint ? { hint } : {}),
  });
}

/** The test name of a row: "GET /users/42 → GET /users/{id:int} {"id":42}". */
export function caseName(row: RouteCase): string {
  const outcome = row.expect;
  const answer =
    "notFound" in outcome
      ? "404"
      : "allow" in outcome
        ? `405 (Allow: ${outcome.allow.join(", ")})`
        : `${outcome.route}${outcome.params && Object.keys(outcome.params).length ? ` ${showParams(outcome.params)}` : ""}`;
  return `${row.request[0]} ${row.request[1]} → ${answer}`;
}
