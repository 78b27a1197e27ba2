// Stage 05.7: mistakes in the route table are caught when the routes are registered, not when
// a request happens to reach them. Two routes conflict when they have the same method and match
// exactly the same paths; a malformed pattern is refused with a message that names it.
import { RouteConflictError, type Router } from "@lab/src/router/router.ts";
import { describe, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stage } from "../../../shared/check/stage.ts";
import { buildRouter, label, type Registration, showMatch, showRoutes } from "./routing.ts";

const TODO = /TODO\(\d\d\)|not implemented/i;

interface ConflictRow {
  readonly first: Registration;
  readonly second: Registration;
  readonly why: string;
}

const CONFLICTS: ConflictRow[] = [
  { first: ["GET", "/users/{id}"], second: ["GET", "/users/{name}"], why: "parameter names do not tell routes apart" },
  { first: ["GET", "/users/{id:int}"], second: ["GET", "/users/{n:int}"], why: "same type, another name" },
  { first: ["GET", "/files/{a:path}"], second: ["GET", "/files/{b:path}"], why: "two wildcards at the same place" },
  { first: ["GET", "/a/b"], second: ["GET", "/a/b"], why: "the same static route twice" },
  { first: ["POST", "/x/{id}/y/{z:int}"], second: ["POST", "/x/{other}/y/{w:int}"], why: "same shape, other names" },
  { first: ["GET", "/"], second: ["GET", "/"], why: "the root twice" },
];

const COMPATIBLE: { routes: Registration[]; why: string }[] = [
  {
    routes: [
      ["GET", "/users/{id}"],
      ["DELETE", "/users/{id}"],
    ],
    why: "different methods",
  },
  {
    routes: [
      ["GET", "/users/{id:int}"],
      ["GET", "/users/{name}"],
    ],
    why: "different types at one position: the int route is tried first",
  },
  {
    routes: [
      ["GET", "/users/{id}"],
      ["GET", "/users/{id}/posts"],
    ],
    why: "one path is a prefix of the other",
  },
  {
    routes: [
      ["GET", "/users/me"],
      ["GET", "/users/{id}"],
    ],
    why: "static beside a parameter",
  },
  {
    routes: [
      ["GET", "/files/{p:path}"],
      ["GET", "/files/{n}"],
    ],
    why: "a wildcard beside a parameter",
  },
  {
    routes: [
      ["GET", "/users"],
      ["GET", "/users/"],
    ],
    why: "a trailing slash makes another path",
  },
];

const BAD_PATTERNS: { pattern: string; why: string }[] = [
  { pattern: "users/{id}", why: "does not start with /" },
  { pattern: "/users/{id", why: "an unclosed brace" },
  { pattern: "/users/id}", why: "a stray closing brace" },
  { pattern: "/users/{}", why: "a parameter without a name" },
  { pattern: "/users/{1id}", why: "a name that is not an identifier" },
  { pattern: "/users/{id:float}", why: "an unknown type" },
  { pattern: "/files/{rest:path}/raw", why: "a wildcard that is not the last segment" },
  { pattern: "/a/{x}/b/{x}", why: "the same name twice" },
  { pattern: "/files/{name}.txt", why: "a parameter that is only part of a segment" },
  { pattern: "/files/v{n:int}", why: "a parameter that is only part of a segment" },
];

/** Calls add() and returns what it threw; a TODO stub's error is passed on untouched. */
function thrownBy(router: Router<string>, route: Registration): unknown {
  try {
    router.add(route[0], route[1], label(route));
  } catch (error) {
    if (error instanceof Error && TODO.test(error.message)) throw error;
    return error;
  }
  return undefined;
}

stage("05.7", () => {
  describe("conflicting registrations are refused with RouteConflictError", () => {
    for (const row of CONFLICTS) {
      test(`${label(row.second)} after ${label(row.first)} (${row.why})`, () => {
        const router = buildRouter([row.first]);
        const error = thrownBy(router, row.second);
        const sent = `add(${JSON.stringify(row.first[0])}, ${JSON.stringify(row.first[1])}), then add(${JSON.stringify(row.second[0])}, ${JSON.stringify(row.second[1])})`;
        if (!(error instanceof RouteConflictError)) {
          throw new CheckFailure(
            error === undefined
              ? "a conflicting route was accepted"
              : "a conflict was refused with the wrong kind of error",
            {
              sent,
              expected: "the second add() to throw RouteConflictError",
              received: error === undefined ? "add() returned normally" : String(error),
              hint: "Two routes with the same method whose patterns have the same segments and the same parameter types match exactly the same paths: refuse the second one.",
            },
          );
        }
        if (!error.message.includes(row.first[1]) || !error.message.includes(row.second[1])) {
          throw new CheckFailure("the conflict's message does not name both routes", {
            sent,
            expected: `a message that contains both ${row.first[1]} and ${row.second[1]}`,
            received: JSON.stringify(error.message),
            hint: "Say which registered route the new one collides with: whoever reads the message must find both in their code.",
          });
        }
        // The refused route must leave no trace: the first route still answers.
        const path = row.first[1].replace(/\{[^}]*:int\}/g, "1").replace(/\{[^}]*\}/g, "v");
        const match = router.match(row.first[0], path);
        if (match.kind !== "found" || match.handler !== label(row.first)) {
          throw new CheckFailure("after refusing a conflicting route, the router answers differently", {
            sent: `${sent}; then match(${JSON.stringify(row.first[0])}, ${JSON.stringify(path)})`,
            expected: `found ${label(row.first)}`,
            received: showMatch(match),
            hint: "Check for the conflict before storing anything.",
          });
        }
      });
    }
  });

  describe("routes that only look alike are accepted", () => {
    for (const row of COMPATIBLE) {
      test(`${row.routes.map(label).join(" and ")} (${row.why})`, () => {
        buildRouter(row.routes);
      });
    }
  });

  describe("malformed patterns are refused with a message that quotes them", () => {
    for (const row of BAD_PATTERNS) {
      test(`${row.pattern} (${row.why})`, () => {
        const router = buildRouter([]);
        const error = thrownBy(router, ["GET", row.pattern]);
        const sent = `add("GET", ${JSON.stringify(row.pattern)}, handler)`;
        if (!(error instanceof Error) || error instanceof RouteConflictError) {
          throw new CheckFailure("a malformed pattern was not refused", {
            sent,
            expected: `add() to throw an Error (not a RouteConflictError): ${row.why}`,
            received: error === undefined ? "add() returned normally" : String(error),
            hint: "Check every pattern when it is added: a mistake in a route table must stop the program at startup.",
          });
        }
        if (!error.message.includes(row.pattern)) {
          throw new CheckFailure("the error for a malformed pattern does not quote the pattern", {
            sent,
            expected: `a message that contains ${row.pattern}`,
            received: JSON.stringify(error.message),
          });
        }
      });
    }
  });

  test("refuses a method that is not a token", () => {
    const router = buildRouter([]);
    for (const method of ["", "GE T", "GET\r\n", "GET/"]) {
      const error = thrownBy(router, [method, "/"]);
      if (!(error instanceof Error)) {
        throw new CheckFailure("a malformed method was accepted", {
          sent: `add(${JSON.stringify(method)}, "/", handler)`,
          expected: "an Error: a method is a token (RFC 9110 §9.1)",
          received: "add() returned normally",
        });
      }
    }
  });

  test("routes() lists the accepted routes in registration order", () => {
    const routes: Registration[] = [
      ["GET", "/b"],
      ["POST", "/a"],
      ["GET", "/a/{id:int}"],
      ["DELETE", "/a/{id:int}"],
    ];
    const router = buildRouter(routes);
    thrownBy(router, ["GET", "/b"]);
    const got = router.routes().map((r) => `${r.method} ${r.pattern}`);
    const want = routes.map(label);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new CheckFailure("routes() is wrong", {
        sent: `${showRoutes(routes)}, then the conflicting GET /b again`,
        expected: JSON.stringify(want),
        received: JSON.stringify(got),
        hint: "Keep the routes in an array as they are added; a refused route is not added.",
      });
    }
  });
});
