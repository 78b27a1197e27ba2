// Stage 05.4: the wildcard tail, and which route wins when several match. Precedence is
// decided segment by segment from the left: static > {name:int} > {name} > {name:path}; when
// the best branch cannot match the rest of the path, the search backs up and tries the next.
// Every table runs twice, routes registered forwards and backwards: precedence must not
// depend on registration order.
import { describe, test } from "vitest";
import { CheckFailure } from "../../../shared/check/failure.ts";
import { stage } from "../../../shared/check/stage.ts";
import { buildRouter, caseName, checkCase, showMatch, showParams, type RouteTable } from "./routing.ts";

const BACKTRACK = "When the best branch at a segment cannot match the rest of the path, undo what it captured and try the next branch at that segment: static, then int, then str, then the wildcard.";
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
      { request: ["GET", "/files/a/b/c.txt"], expect: { route: "GET /files/{rest:path}", params: { rest: "a/b/c.txt" } }, hint: "{rest:path} takes every remaining segment, joined with \"/\"." },
      { request: ["GET", "/files/a"], expect: { route: "GET /files/{rest:path}", params: { rest: "a" } } },
      { request: ["GET", "/files/readme"], expect: { route: "GET /files/readme" }, hint: "static > wildcard." },
      { request: ["GET", "/files/x/meta"], expect: { route: "GET /files/{name}/meta", params: { name: "x" } }, hint: "param > wildcard." },
      { request: ["GET", "/files/readme/meta"], expect: { route: "GET /files/{name}/meta", params: { name: "readme" } }, hint: BACKTRACK },
      { request: ["GET", "/files/readme/x"], expect: { route: "GET /files/{rest:path}", params: { rest: "readme/x" } }, hint: BACKTRACK },
      { request: ["GET", "/files/x/meta/more"], expect: { route: "GET /files/{rest:path}", params: { rest: "x/meta/more" } }, hint: BACKTRACK },
      { request: ["GET", "/files/a/"], expect: { route: "GET /files/{rest:path}", params: { rest: "a/" } }, hint: "The tail is the rest of the path as it is, trailing slash included." },
      { request: ["GET", "/files/a%2Fb"], expect: { route: "GET /files/{rest:path}", params: { rest: "a/b" } }, hint: "The tail is made of decoded segments joined with \"/\"." },
      { request: ["GET", "/files/"], expect: { notFound: true }, hint: "The tail must not be empty: /files/ has nothing for {rest:path}." },
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
      { request: ["GET", "/users/me"], expect: { route: "GET /users/me" }, hint: "static > param: /users/me is not a user called \"me\"." },
      { request: ["GET", "/users/7"], expect: { route: "GET /users/{id:int}", params: { id: 7 } } },
      { request: ["GET", "/users/bob"], expect: { route: "GET /users/{name}", params: { name: "bob" } } },
      { request: ["GET", "/users/bob/x"], expect: { route: "GET /users/{rest:path}", params: { rest: "bob/x" } } },
      { request: ["GET", "/users/me/x"], expect: { route: "GET /users/{rest:path}", params: { rest: "me/x" } }, hint: BACKTRACK },
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
      { request: ["GET", "/a/b/c"], expect: { route: "GET /a/{x}/c", params: { x: "b" } }, hint: `${BACKTRACK} Here /a/b/{y:int} cannot take "c".` },
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
      { request: ["GET", "/m/1/x/z"], expect: { route: "GET /m/{b}/x/z", params: { b: "1" } }, hint: "A branch given up must take its captured values with it: only the winning route's parameters are returned." },
      { request: ["GET", "/m/1/x/y"], expect: { route: "GET /m/{a:int}/x/y", params: { a: 1 } } },
      { request: ["GET", "/p/a/end"], expect: { route: "GET /p/{x}/end", params: { x: "a" } } },
      { request: ["GET", "/p/a/other"], expect: { route: "GET /p/{rest:path}", params: { rest: "a/other" } }, hint: BACKTRACK },
    ],
  },
];

/** How deep the last check nests its alternatives. */
const DEEP_LEVELS = 24;

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
      const prefix = names.slice(0, level).map((n) => `/{${n}}`).join("");
      routes.push(["GET", `${prefix}/s/miss`], ["GET", `${prefix}/{n${level}:int}/miss`]);
    }
    const deepest = names.map((n) => `/{${n}}`).join("") + "/end";
    routes.push(["GET", deepest]);
    const router = buildRouter(routes);
    const path = "/1".repeat(DEEP_LEVELS) + "/end";
    const match = router.match("GET", path);
    const params = Object.fromEntries(names.map((n) => [n, "1"]));
    const ok = match.kind === "found" && match.handler === `GET ${deepest}` && showParams(match.params) === showParams(params);
    if (!ok) {
      throw new CheckFailure("the deep backtracking case gave the wrong answer", {
        sent: `${routes.length} routes: /s/miss, /{n0:int}/miss, /{p0}/s/miss, /{p0}/{n1:int}/miss, … and ${deepest}; then match("GET", ${JSON.stringify(path)})`,
        expected: `found GET ${deepest} with params {"p0":"1", …, "p${DEEP_LEVELS - 1}":"1"} and no other parameter`,
        received: showMatch(match),
        hint: BACKTRACK,
      });
    }
  });
});
