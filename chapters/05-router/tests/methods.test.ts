// Stages 05.5 and 05.6, in-process: what the router answers when the path matches but the
// method does not (405 and its Allow list), and how HEAD and OPTIONS are derived.
import { describe, test } from "vitest";
import { stage } from "../../../shared/check/stage.ts";
import { caseName, checkCase, type RouteTable } from "./routing.ts";

const ALLOW =
  "Allow lists every method some route for this path accepts (RFC 9110 §10.2.1), plus HEAD wherever there is GET, plus OPTIONS always.";

const NOT_ALLOWED: RouteTable[] = [
  {
    what: "404 when no route has the path, 405 when routes have the path but not the method",
    routes: [
      ["GET", "/users"],
      ["POST", "/users"],
      ["GET", "/users/{id:int}"],
      ["DELETE", "/users/{id:int}"],
      ["PUT", "/things/{name}"],
    ],
    cases: [
      { request: ["GET", "/nothing"], expect: { notFound: true } },
      {
        request: ["DELETE", "/nothing"],
        expect: { notFound: true },
        hint: "No route has this path, whatever the method: 404, not 405.",
      },
      { request: ["DELETE", "/users"], expect: { allow: ["GET", "HEAD", "POST", "OPTIONS"] }, hint: ALLOW },
      { request: ["PATCH", "/users/5"], expect: { allow: ["GET", "HEAD", "DELETE", "OPTIONS"] }, hint: ALLOW },
      { request: ["POST", "/users/5"], expect: { allow: ["GET", "HEAD", "DELETE", "OPTIONS"] }, hint: ALLOW },
      {
        request: ["DELETE", "/users/x"],
        expect: { notFound: true },
        hint: "/users/{id:int} does not match /users/x at all, so no route has this path.",
      },
      {
        request: ["GET", "/things/a"],
        expect: { allow: ["PUT", "OPTIONS"] },
        hint: "HEAD is allowed only where GET is.",
      },
      { request: ["PUT", "/things/a"], expect: { route: "PUT /things/{name}", params: { name: "a" } } },
      {
        request: ["get", "/users"],
        expect: { allow: ["GET", "HEAD", "POST", "OPTIONS"] },
        hint: 'Methods are case-sensitive (RFC 9110 §9.1): "get" is not GET.',
      },
    ],
  },
  {
    what: "the best route that has the method answers; Allow gathers every route of the path",
    routes: [
      ["GET", "/users/me"],
      ["DELETE", "/users/{id}"],
      ["POST", "/users/{rest:path}"],
    ],
    cases: [
      { request: ["GET", "/users/me"], expect: { route: "GET /users/me" } },
      {
        request: ["DELETE", "/users/me"],
        expect: { route: "DELETE /users/{id}", params: { id: "me" } },
        hint: "/users/me has no DELETE, but /users/{id} matches the path and has it: keep searching in precedence order before answering 405.",
      },
      { request: ["POST", "/users/me"], expect: { route: "POST /users/{rest:path}", params: { rest: "me" } } },
      { request: ["PUT", "/users/me"], expect: { allow: ["GET", "HEAD", "DELETE", "POST", "OPTIONS"] }, hint: ALLOW },
      { request: ["PUT", "/users/x"], expect: { allow: ["DELETE", "POST", "OPTIONS"] }, hint: ALLOW },
    ],
  },
];

const HEAD_AND_OPTIONS: RouteTable[] = [
  {
    what: "HEAD is served by GET unless a route handles HEAD itself",
    routes: [
      ["GET", "/page"],
      ["GET", "/report"],
      ["HEAD", "/report"],
      ["POST", "/form"],
      ["GET", "/users/{id:int}"],
    ],
    cases: [
      {
        request: ["HEAD", "/page"],
        expect: { route: "GET /page" },
        hint: "HEAD is GET without the body (RFC 9110 §9.3.2): match it to the GET route.",
      },
      { request: ["HEAD", "/users/3"], expect: { route: "GET /users/{id:int}", params: { id: 3 } } },
      {
        request: ["HEAD", "/report"],
        expect: { route: "HEAD /report" },
        hint: "A route registered for HEAD itself wins over GET.",
      },
      {
        request: ["HEAD", "/form"],
        expect: { allow: ["POST", "OPTIONS"] },
        hint: "Without a GET route there is nothing for HEAD to borrow.",
      },
      { request: ["HEAD", "/nothing"], expect: { notFound: true } },
    ],
  },
  {
    what: "OPTIONS is left to the routed handler unless a route handles it",
    routes: [
      ["GET", "/page"],
      ["OPTIONS", "/custom"],
      ["GET", "/custom"],
    ],
    cases: [
      {
        request: ["OPTIONS", "/page"],
        expect: { allow: ["GET", "HEAD", "OPTIONS"] },
        hint: "Without an OPTIONS route the router reports the path's methods; the routed handler turns that into the automatic answer.",
      },
      {
        request: ["OPTIONS", "/custom"],
        expect: { route: "OPTIONS /custom" },
        hint: "A route registered for OPTIONS is an ordinary route.",
      },
      {
        request: ["OPTIONS", "/nothing"],
        expect: { notFound: true },
        hint: "OPTIONS on a path no route has is still 404.",
      },
    ],
  },
];

stage("05.5", () => {
  for (const table of NOT_ALLOWED) {
    describe(table.what, () => {
      for (const row of table.cases) test(caseName(row), () => checkCase(table.routes, row));
    });
  }
});

stage("05.6", () => {
  for (const table of HEAD_AND_OPTIONS) {
    describe(table.what, () => {
      for (const row of table.cases) test(caseName(row), () => checkCase(table.routes, row));
    });
  }
});
