// Stage 05.4: the wildcard tail, and which route wins when several match. Precedence is
// decided segment by segment from the left: static > {name:int} > {name} > {name:path}; when
// the best branch cannot match the rest of the path, the search backs up and tries the next.
// Every table runs twice, routes registered forwards and backwards: precedence must not
// depend on registration order.
import { describe, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import {
  agrees,
  buildRouter,
  caseName,
  checkCase,
  type Outcome,
  type Registration,
  type RouteTable,
  showMatch,
  showOutcome,
  showParams,
  showRoutes,
} from "./routing.ts";

const BACKTRACK =
  "When the best branch at a segment cannot match the rest of the path, undo what it captured and try the next branch at that segment: static, then int, then str, then the wildcard.";
const LEFT_FIRST = "Precedence is decided at the first segment where two routes differ, reading left to right.";

const TABLES: RouteTable[] = [
  {
    what: "a wildcard tail beside a static route and a parameter",
    routes: [
      ["GET", "/files/{rest:path}"],
      ["GET", "/files/readme"],
      ["GET", "/files/{name}/meta"],
    ],
    cases: [
      {
        request: ["GET", "/files/a/b/c.txt"],
        expect: { route: "GET /files/{rest:path}", params: { rest: "a/b/c.txt" } },
        hint: '{rest:path} takes every remaining segment, joined with "/".',
      },
      { request: ["GET", "/files/a"], expect: { route: "GET /files/{rest:path}", params: { rest: "a" } } },
      { request: ["GET", "/files/readme"], expect: { route: "GET /files/readme" }, hint: "static > wildcard." },
      {
        request: ["GET", "/files/x/meta"],
        expect: { route: "GET /files/{name}/meta", params: { name: "x" } },
        hint: "param > wildcard.",
      },
      {
        request: ["GET", "/files/readme/meta"],
        expect: { route: "GET /files/{name}/meta", params: { name: "readme" } },
        hint: BACKTRACK,
      },
      {
        request: ["GET", "/files/readme/x"],
        expect: { route: "GET /files/{rest:path}", params: { rest: "readme/x" } },
        hint: BACKTRACK,
      },
      {
        request: ["GET", "/files/x/meta/more"],
        expect: { route: "GET /files/{rest:path}", params: { rest: "x/meta/more" } },
        hint: BACKTRACK,
      },
      {
        request: ["GET", "/files/a/"],
        expect: { route: "GET /files/{rest:path}", params: { rest: "a/" } },
        hint: "The tail is the rest of the path as it is, trailing slash included.",
      },
      {
        request: ["GET", "/files/a%2Fb"],
        expect: { route: "GET /files/{rest:path}", params: { rest: "a/b" } },
        hint: 'The tail is made of decoded segments joined with "/".',
      },
      {
        request: ["GET", "/files/"],
        expect: { notFound: true },
        hint: "The tail must not be empty: /files/ has nothing for {rest:path}.",
      },
      { request: ["GET", "/files"], expect: { notFound: true }, hint: "The tail must not be empty." },
    ],
  },
  {
    what: "static > int > str > wildcard at one position",
    routes: [
      ["GET", "/users/me"],
      ["GET", "/users/{id:int}"],
      ["GET", "/users/{name}"],
      ["GET", "/users/{rest:path}"],
    ],
    cases: [
      {
        request: ["GET", "/users/me"],
        expect: { route: "GET /users/me" },
        hint: 'static > param: /users/me is not a user called "me".',
      },
      { request: ["GET", "/users/7"], expect: { route: "GET /users/{id:int}", params: { id: 7 } } },
      { request: ["GET", "/users/bob"], expect: { route: "GET /users/{name}", params: { name: "bob" } } },
      { request: ["GET", "/users/bob/x"], expect: { route: "GET /users/{rest:path}", params: { rest: "bob/x" } } },
      {
        request: ["GET", "/users/me/x"],
        expect: { route: "GET /users/{rest:path}", params: { rest: "me/x" } },
        hint: BACKTRACK,
      },
    ],
  },
  {
    what: "the leftmost difference decides",
    routes: [
      ["GET", "/a/{x}/c"],
      ["GET", "/a/b/{y}"],
    ],
    cases: [
      { request: ["GET", "/a/b/c"], expect: { route: "GET /a/b/{y}", params: { y: "c" } }, hint: LEFT_FIRST },
      { request: ["GET", "/a/z/c"], expect: { route: "GET /a/{x}/c", params: { x: "z" } } },
      { request: ["GET", "/a/b/z"], expect: { route: "GET /a/b/{y}", params: { y: "z" } } },
      { request: ["GET", "/a/z/z"], expect: { notFound: true } },
    ],
  },
  {
    what: "backing out of a static branch into a parameter",
    routes: [
      ["GET", "/a/b/c/d"],
      ["GET", "/a/{x}/c/e"],
      ["GET", "/a/b/{y:int}"],
      ["GET", "/a/{x}/c"],
    ],
    cases: [
      { request: ["GET", "/a/b/c/d"], expect: { route: "GET /a/b/c/d" } },
      { request: ["GET", "/a/b/c/e"], expect: { route: "GET /a/{x}/c/e", params: { x: "b" } }, hint: BACKTRACK },
      {
        request: ["GET", "/a/b/c"],
        expect: { route: "GET /a/{x}/c", params: { x: "b" } },
        hint: `${BACKTRACK} Here /a/b/{y:int} cannot take "c".`,
      },
      { request: ["GET", "/a/b/5"], expect: { route: "GET /a/b/{y:int}", params: { y: 5 } } },
    ],
  },
  {
    what: "backing out of a parameter keeps no value it captured",
    routes: [
      ["GET", "/m/{a:int}/x/y"],
      ["GET", "/m/{b}/x/z"],
      ["GET", "/p/{x}/end"],
      ["GET", "/p/{rest:path}"],
    ],
    cases: [
      {
        request: ["GET", "/m/1/x/z"],
        expect: { route: "GET /m/{b}/x/z", params: { b: "1" } },
        hint: "A branch given up must take its captured values with it: only the winning route's parameters are returned.",
      },
      { request: ["GET", "/m/1/x/y"], expect: { route: "GET /m/{a:int}/x/y", params: { a: 1 } } },
      { request: ["GET", "/p/a/end"], expect: { route: "GET /p/{x}/end", params: { x: "a" } } },
      {
        request: ["GET", "/p/a/other"],
        expect: { route: "GET /p/{rest:path}", params: { rest: "a/other" } },
        hint: BACKTRACK,
      },
    ],
  },
];

/** How deep the deep backtracking check nests its alternatives. */
const DEEP_LEVELS = 24;

// The seeded check: random route tables and random paths, and a brute-force reference that
// reads the rule off the spec. Each matching route gets a key, the kind of each of its
// segments (static 0, int 1, str 2, wildcard 3); the smallest key, compared left to right,
// wins among the routes that have the method.
const RANDOM_TABLES = sized("05.4", { full: 150, quick: 30 });
const PATHS_PER_TABLE = 20;
const RANK = { static: 0, int: 1, str: 2, path: 3 } as const;
type Piece = { kind: "static"; text: string } | { kind: "int" | "str" | "path" };
interface RandomRoute {
  readonly method: string;
  readonly pieces: readonly Piece[];
  readonly pattern: string;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomRoute(random: () => number): RandomRoute {
  const length = 1 + Math.floor(random() * 3);
  const pieces: Piece[] = [];
  for (let i = 0; i < length; i++) {
    const last = i === length - 1;
    const kinds = last ? ["static", "static", "int", "str", "path"] : ["static", "static", "int", "str"];
    const kind = pick(random, kinds);
    pieces.push(
      kind === "static" ? { kind, text: pick(random, ["a", "b"]) } : { kind: kind as "int" | "str" | "path" },
    );
  }
  const pattern = "/" + pieces.map((p, i) => (p.kind === "static" ? p.text : `{p${i}:${p.kind}}`)).join("/");
  return { method: pick(random, ["GET", "POST"]), pieces, pattern };
}

/** The route's parameters if it matches `segments`, by the spec's rules; undefined otherwise. */
function paramsIfMatches(route: RandomRoute, segments: readonly string[]): Record<string, string | number> | undefined {
  const params: Record<string, string | number> = {};
  for (let i = 0; i < route.pieces.length; i++) {
    const piece = route.pieces[i]!;
    if (piece.kind === "path") {
      const rest = segments.slice(i).join("/");
      if (i >= segments.length || rest === "") return undefined;
      params[`p${i}`] = rest;
      return params;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (piece.kind === "static" && segment !== piece.text) return undefined;
    if (piece.kind === "str") {
      if (segment === "") return undefined;
      params[`p${i}`] = segment;
    }
    if (piece.kind === "int") {
      if (!/^-?[0-9]+$/.test(segment)) return undefined;
      params[`p${i}`] = Number(segment);
    }
  }
  return route.pieces.length === segments.length ? params : undefined;
}

function compareKeys(a: RandomRoute, b: RandomRoute): number {
  for (let i = 0; i < Math.min(a.pieces.length, b.pieces.length); i++) {
    const d = RANK[a.pieces[i]!.kind] - RANK[b.pieces[i]!.kind];
    if (d !== 0) return d;
  }
  return 0;
}

function expectedOutcome(routes: readonly RandomRoute[], method: string, path: string): Outcome {
  const segments = path.slice(1).split("/");
  const matching = routes.flatMap((route) => {
    const params = paramsIfMatches(route, segments);
    return params ? [{ route, params }] : [];
  });
  matching.sort((x, y) => compareKeys(x.route, y.route));
  const winner = matching.find(({ route }) => route.method === method || (method === "HEAD" && route.method === "GET"));
  if (winner) return { route: `${winner.route.method} ${winner.route.pattern}`, params: winner.params };
  if (matching.length === 0) return { notFound: true };
  const methods = new Set(matching.map(({ route }) => route.method));
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return { allow: [...methods] };
}

stage("05.4", () => {
  for (const table of TABLES) {
    for (const order of ["registered in this order", "registered in reverse order"] as const) {
      const routes = order === "registered in this order" ? table.routes : [...table.routes].reverse();
      describe(`${table.what} (${order})`, () => {
        for (const row of table.cases) test(caseName(row), () => checkCase(routes, row, LEFT_FIRST));
      });
    }
  }

  test(`backtracks through ${DEEP_LEVELS} levels of alternatives to the one route that fits`, () => {
    // At every level there is a static "s" branch and an int branch that both end in "miss",
    // and a str branch that goes deeper; only the all-str route ends in "end". The request's
    // segments are all "1", so at every level the int branch matches first and must be given up.
    const routes: [string, string][] = [];
    const names = Array.from({ length: DEEP_LEVELS }, (_, i) => `p${i}`);
    for (let level = 0; level < DEEP_LEVELS; level++) {
      const prefix = names
        .slice(0, level)
        .map((n) => `/{${n}}`)
        .join("");
      routes.push(["GET", `${prefix}/s/miss`], ["GET", `${prefix}/{n${level}:int}/miss`]);
    }
    const deepest = names.map((n) => `/{${n}}`).join("") + "/end";
    routes.push(["GET", deepest]);
    const router = buildRouter(routes);
    const path = "/1".repeat(DEEP_LEVELS) + "/end";
    const match = router.match("GET", path);
    const params = Object.fromEntries(names.map((n) => [n, "1"]));
    const ok =
      match.kind === "found" && match.handler === `GET ${deepest}` && showParams(match.params) === showParams(params);
    if (!ok) {
      throw new CheckFailure("the deep backtracking case gave the wrong answer", {
        sent: `${routes.length} routes: /s/miss, /{n0:int}/miss, /{p0}/s/miss, /{p0}/{n1:int}/miss, … and ${deepest}; then match("GET", ${JSON.stringify(path)})`,
        expected: `found GET ${deepest} with params {"p0":"1", …, "p${DEEP_LEVELS - 1}":"1"} and no other parameter`,
        received: showMatch(match),
        hint: BACKTRACK,
      });
    }
  });

  test(`agrees with a brute-force reading of the rules on ${RANDOM_TABLES} random route tables (seeded)`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    for (let t = 0; t < RANDOM_TABLES; t++) {
      const routes: RandomRoute[] = [];
      const shapes = new Set<string>();
      const count = 3 + Math.floor(random() * 8);
      for (let i = 0; i < count; i++) {
        const route = randomRoute(random);
        const shape = `${route.method} ${route.pieces.map((p) => (p.kind === "static" ? p.text : `{${p.kind}}`)).join("/")}`;
        if (shapes.has(shape)) continue; // would be a conflict: that is stage 05.7's business
        shapes.add(shape);
        routes.push(route);
      }
      const registrations: Registration[] = routes.map((r) => [r.method, r.pattern]);
      const router = buildRouter(registrations);
      for (let q = 0; q < PATHS_PER_TABLE; q++) {
        const depth = 1 + Math.floor(random() * 4);
        const path = "/" + Array.from({ length: depth }, () => pick(random, ["a", "b", "7", "-2", "x", ""])).join("/");
        const method = pick(random, ["GET", "POST", "HEAD", "DELETE"]);
        const want = expectedOutcome(routes, method, path);
        const match = router.match(method, path);
        if (!agrees(match, want)) {
          throw new CheckFailure(`match(${JSON.stringify(method)}, ${JSON.stringify(path)}) disagrees with the rules`, {
            sent: `${showRoutes(registrations)}; then match(${JSON.stringify(method)}, ${JSON.stringify(path)}); ${reproduceLine(seed, "05", "05.4")}`,
            expected: showOutcome(want),
            received: showMatch(match),
            hint: `${LEFT_FIRST} At each segment: static, then int, then str, then the wildcard; the first route in that order that has the method wins.`,
          });
        }
      }
    }
  });
});
