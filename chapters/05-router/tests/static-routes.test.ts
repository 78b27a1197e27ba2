// Stage 05.1: static routes in a radix tree, in-process. Tables of routes and requests, then
// a seeded set of random paths registered in random order, which forces every kind of edge
// split the tree can meet.
import { describe, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { checkSeed, reproduceLine, seededRandom } from "../../../shared/check/random.ts";
import { sized } from "../../../shared/check/size.ts";
import { stage } from "../../../shared/check/stage.ts";
import { buildRouter, caseName, checkCase, label, type Registration, type RouteTable, showMatch } from "./routing.ts";

const WHOLE_SEGMENTS =
  'Routes match whole segments, exactly: split the path at "/" and compare segment by segment, never by string prefix.';

const TABLES: RouteTable[] = [
  {
    what: "routes whose shared prefixes split edges as they are added",
    // Registered in this order: /api/v1/users first makes one long edge; /api/v1/items cuts it
    // after v1; /api/v2/status cuts it after api; /api ends exactly at a split point.
    routes: [
      ["GET", "/api/v1/users"],
      ["GET", "/api/v1/items"],
      ["GET", "/api/v2/status"],
      ["GET", "/api"],
      ["GET", "/"],
      ["GET", "/users"],
      ["GET", "/users/list"],
    ],
    cases: [
      {
        request: ["GET", "/api/v1/users"],
        expect: { route: "GET /api/v1/users" },
        hint: "Splitting an edge must keep the routes below it reachable.",
      },
      { request: ["GET", "/api/v1/items"], expect: { route: "GET /api/v1/items" } },
      { request: ["GET", "/api/v2/status"], expect: { route: "GET /api/v2/status" } },
      {
        request: ["GET", "/api"],
        expect: { route: "GET /api" },
        hint: "A route can end at a node that was created by splitting an edge.",
      },
      { request: ["GET", "/"], expect: { route: "GET /" }, hint: '"/" is the path with one empty segment.' },
      { request: ["GET", "/users"], expect: { route: "GET /users" } },
      { request: ["GET", "/users/list"], expect: { route: "GET /users/list" } },
      {
        request: ["GET", "/api/v1"],
        expect: { notFound: true },
        hint: "A node that only joins edges holds no route: a path that ends there is not found.",
      },
      { request: ["GET", "/api/v2"], expect: { notFound: true } },
      {
        request: ["GET", "/api/v1/users/extra"],
        expect: { notFound: true },
        hint: "A path longer than every route is not found.",
      },
      { request: ["GET", "/api/v1/use"], expect: { notFound: true }, hint: WHOLE_SEGMENTS },
      { request: ["GET", "/api/v1/usersX"], expect: { notFound: true }, hint: WHOLE_SEGMENTS },
      { request: ["GET", "/ap"], expect: { notFound: true }, hint: WHOLE_SEGMENTS },
      {
        request: ["GET", "/users/"],
        expect: { notFound: true },
        hint: "A trailing slash adds an empty segment: /users/ is not /users.",
      },
      {
        request: ["GET", "//users"],
        expect: { notFound: true },
        hint: "//users has an empty first segment; it is not /users.",
      },
      {
        request: ["GET", "/Users"],
        expect: { notFound: true },
        hint: "Paths are case-sensitive (RFC 3986 §6.2.2.1 leaves only the scheme and host case-insensitive).",
      },
    ],
  },
  {
    what: "the same routes, shortest first",
    routes: [
      ["GET", "/"],
      ["GET", "/api"],
      ["GET", "/api/v2/status"],
      ["GET", "/api/v1/items"],
      ["GET", "/api/v1/users"],
    ],
    cases: [
      { request: ["GET", "/api"], expect: { route: "GET /api" } },
      { request: ["GET", "/api/v1/users"], expect: { route: "GET /api/v1/users" } },
      { request: ["GET", "/api/v1/items"], expect: { route: "GET /api/v1/items" } },
      { request: ["GET", "/api/v2/status"], expect: { route: "GET /api/v2/status" } },
      { request: ["GET", "/api/v1"], expect: { notFound: true } },
    ],
  },
  {
    what: "text that means something to a regular expression, matched literally",
    routes: [
      ["GET", "/a.b"],
      ["GET", "/price/$5"],
      ["GET", "/docs/index.html"],
      ["GET", "/(.*)"],
      ["GET", "/x+"],
    ],
    cases: [
      { request: ["GET", "/a.b"], expect: { route: "GET /a.b" } },
      {
        request: ["GET", "/axb"],
        expect: { notFound: true },
        hint: '"." in a pattern is a dot, not "any character": compare text, do not build a regular expression from a pattern.',
      },
      { request: ["GET", "/price/$5"], expect: { route: "GET /price/$5" } },
      { request: ["GET", "/docs/index.html"], expect: { route: "GET /docs/index.html" } },
      {
        request: ["GET", "/docs/indexXhtml"],
        expect: { notFound: true },
        hint: '"." in a pattern is a dot, not "any character".',
      },
      { request: ["GET", "/(.*)"], expect: { route: "GET /(.*)" } },
      {
        request: ["GET", "/anything"],
        expect: { notFound: true },
        hint: '"(.*)" in a pattern is those four characters.',
      },
      { request: ["GET", "/xxx"], expect: { notFound: true }, hint: '"+" in a pattern is a plus sign.' },
    ],
  },
];

/** How many random static routes the seeded check registers, and from what. */
const RANDOM_ROUTES = sized("05.1", { full: 300, quick: 100 });
const RANDOM_SEGMENTS = ["a", "b", "ab", "ba", "abc"];
const RANDOM_MAX_DEPTH = 5;

function randomPath(random: () => number): string {
  const depth = 1 + Math.floor(random() * RANDOM_MAX_DEPTH);
  return (
    "/" + Array.from({ length: depth }, () => RANDOM_SEGMENTS[Math.floor(random() * RANDOM_SEGMENTS.length)]!).join("/")
  );
}

stage("05.1", () => {
  for (const table of TABLES) {
    describe(table.what, () => {
      for (const row of table.cases) test(caseName(row), () => checkCase(table.routes, row));
    });
  }

  test(`finds every one of ${RANDOM_ROUTES} random static routes, registered in random order, and nothing else (seeded)`, () => {
    const seed = checkSeed();
    const random = seededRandom(seed);
    const registered = new Set<string>();
    while (registered.size < RANDOM_ROUTES) registered.add(randomPath(random));
    const routes: Registration[] = [...registered].map((path) => ["GET", path] as const);
    const router = buildRouter(routes);
    const probes = [...registered, ...Array.from({ length: RANDOM_ROUTES }, () => randomPath(random))];
    for (const path of probes) {
      const match = router.match("GET", path);
      const expected = registered.has(path) ? `found GET ${path}` : "not-found (404)";
      const ok = registered.has(path)
        ? match.kind === "found" && match.handler === label(["GET", path])
        : match.kind === "not-found";
      if (!ok) {
        throw new CheckFailure(`match("GET", ${JSON.stringify(path)}) gave the wrong answer`, {
          sent: `${RANDOM_ROUTES} random routes such as ${routes.slice(0, 6).map(label).join(", ")}, …; then match("GET", ${JSON.stringify(path)}); ${reproduceLine(seed, "05", "05.1")}`,
          expected,
          received: showMatch(match),
          hint: "Check the edge split: when a new route leaves an edge part-way, the old edge's tail must hang below a new middle node, still keyed by its first segment.",
        });
      }
    }
  });
});
